package dev.modelcompose.components;

import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.Json;
import io.vertx.core.Future;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /**
     * The value with every stream in it collected (text fragments joined, other chunks into a list), for places that
     * need the whole value: a command line, a request body. Values without streams come back as they are.
     */
    public static Future<Object> settle(Object value) {
        if (!containsStream(value)) {
            return Future.succeededFuture(value);
        }
        if (value instanceof ChunkStream stream) {
            return stream.drain();
        }
        if (value instanceof Map<?, ?> map) {
            List<Object> keys = new ArrayList<>(map.keySet());
            List<Future<Object>> values = new ArrayList<>();
            map.values().forEach(item -> values.add(settle(item)));
            return Future.all(values).map(done -> {
                Map<Object, Object> settled = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    settled.put(keys.get(i), values.get(i).result());
                }
                return settled;
            });
        }
        List<Future<Object>> items = new ArrayList<>();
        ((List<?>) value).forEach(item -> items.add(settle(item)));
        return Future.all(items).map(done -> {
            List<Object> settled = new ArrayList<>();
            items.forEach(item -> settled.add(item.result()));
            return settled;
        });
    }

    private static boolean containsStream(Object value) {
        if (value instanceof ChunkStream) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(Values::containsStream);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(Values::containsStream);
        }
        return false;
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
