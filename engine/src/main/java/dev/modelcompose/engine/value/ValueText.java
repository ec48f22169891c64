package dev.modelcompose.engine.value;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How a value is written into text: strings as they are, maps and lists as compact JSON, booleans as true/false,
 * integral numbers without {@code .0}, bytes as UTF-8, null as empty text.
 */
public final class ValueText {
    private ValueText() {
    }

    /** The text of a value as text interpolation writes it. */
    public static String of(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            return Math.abs(stripped.scale()) > 64 ? stripped.toString() : stripped.toPlainString();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            try {
                return Json.write(value);
            } catch (IllegalArgumentException e) {
                return value.toString();
            }
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    /** A double as text: whole numbers without {@code .0}. */
    public static String number(double number) {
        if (number == Math.rint(number) && !Double.isInfinite(number) && Math.abs(number) < 1e15) {
            return Long.toString((long) number);
        }
        return Double.toString(number);
    }

    /** A short description of a value for error messages: {@code the string "abc"}, {@code a mapping}. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return "the string " + Json.write(shown);
        }
        if (value instanceof Boolean) {
            return "the boolean " + value;
        }
        if (value instanceof Number) {
            return "the number " + of(value);
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
        return "a " + value.getClass().getSimpleName();
    }
}
