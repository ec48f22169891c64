package dev.modelcompose.components;

import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.Json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Turns rendered values into the text that goes on a command line, into a header or a query parameter. */
public final class Values {
    private Values() {
    }

    /**
     * Text of a rendered value, as text interpolation writes it: strings as they are, maps and lists as compact JSON,
     * booleans as true/false, whole numbers without {@code .0}, null as empty text, bytes as UTF-8
     * (the binding language's text rules).
     */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number)
                    : Double.toString(number);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return Json.write(value);
        }
        return String.valueOf(value);
    }

    /** What kind of value it is, for messages: "a string", "a mapping", ... */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof ChunkStream) {
            return "a stream";
        }
        return value.getClass().getSimpleName();
    }
}
