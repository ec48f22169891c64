package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.value.ValueText;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.Json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code as TYPE[]/SUBTYPE[ATTRS];FORMAT} part of a binding, applied after the default. A failed conversion
 * throws {@link BindingException} naming the binding and what was expected.
 *
 * @param type    the type name, one of {@link #TYPES}
 * @param list    {@code T[]}: convert element by element (lazily over a stream)
 * @param subtype after {@code /}, or null
 * @param attrs   the text inside {@code [...]} after the subtype, or null
 * @param format  after {@code ;}, or null
 */
record Conversion(String type, boolean list, String subtype, String attrs, String format) {

    /** Every type {@code as} accepts. */
    static final List<String> TYPES = List.of("string", "text", "markdown", "integer", "number", "boolean", "json",
            "list", "object", "base64", "stream", "select", "image", "audio", "video", "file", "any", "none");

    Object apply(Object value, BindingExpression binding) {
        if (!list) {
            return convert(value, binding);
        }
        if (value == null) {
            return null;
        }
        if (value instanceof ChunkStream stream) {
            return stream.map(chunk -> convert(chunk, binding));
        }
        if (!(value instanceof List<?> items)) {
            throw binding.failure("expected a list for '" + type + "[]', got " + ValueText.describe(value));
        }
        List<Object> converted = new ArrayList<>(items.size());
        for (Object item : items) {
            converted.add(convert(item, binding));
        }
        return converted;
    }

    private Object convert(Object value, BindingExpression binding) {
        if (value == null) {
            return null;
        }
        switch (type) {
            case "string", "text", "markdown":
                return value instanceof ChunkStream stream ? stream.map(ValueText::of) : ValueText.of(value);
            case "integer":
                return toInteger(value, binding);
            case "number":
                return toNumber(value, binding);
            case "boolean":
                return toBoolean(value);
            case "json":
                return value instanceof String || value instanceof byte[] ? parseJson(value, binding, "JSON") : value;
            case "list": {
                Object parsed = value instanceof String || value instanceof byte[]
                        ? parseJson(value, binding, "a JSON list") : value;
                if (parsed instanceof List<?>) {
                    return parsed;
                }
                throw binding.failure("expected a list, got " + ValueText.describe(value));
            }
            case "object": {
                Object parsed = value instanceof String || value instanceof byte[]
                        ? parseJson(value, binding, "a JSON object") : value;
                if (!(parsed instanceof Map<?, ?> map)) {
                    throw binding.failure("expected an object, got " + ValueText.describe(value));
                }
                return subtype == null ? parsed : project(map);
            }
            case "base64":
                return toBase64(value);
            case "stream":
                return toStream(value);
            default:
                return media(value);
        }
    }

    private Map<String, Object> project(Map<?, ?> map) {
        Map<String, Object> projected = new LinkedHashMap<>();
        for (String field : subtype.split(",")) {
            String path = field.trim();
            if (path.isEmpty()) {
                continue;
            }
            Object current = map;
            for (String key : path.split("\\.")) {
                current = current instanceof Map<?, ?> inner ? inner.get(key) : null;
            }
            projected.put(path.substring(path.lastIndexOf('.') + 1), current);
        }
        return projected;
    }

    private static Object toInteger(Object value, BindingExpression binding) {
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw binding.failure("expected an integer, got " + ValueText.describe(value));
            }
            return narrow(BigDecimal.valueOf(d).toBigInteger());
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        if (value instanceof String text) {
            String trimmed = text.trim();
            try {
                return narrow(new BigInteger(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed));
            } catch (NumberFormatException notInteger) {
                try {
                    BigDecimal decimal = new BigDecimal(trimmed);
                    boolean small = Math.abs(decimal.scale()) <= Comparison.MAX_SCALE;
                    if (small && decimal.stripTrailingZeros().scale() <= 0) {
                        return narrow(decimal.toBigInteger());
                    }
                } catch (NumberFormatException notNumber) {
                    // reported below
                }
            }
        }
        throw binding.failure("expected an integer, got " + ValueText.describe(value));
    }

    private static Object narrow(BigInteger integer) {
        if (integer.bitLength() < 32) {
            return integer.intValue();
        }
        if (integer.bitLength() < 64) {
            return integer.longValue();
        }
        return integer;
    }

    private static Object toNumber(Object value, BindingExpression binding) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean flag) {
            return flag ? 1.0 : 0.0;
        }
        if (value instanceof String text) {
            String trimmed = text.trim();
            if (!trimmed.isEmpty() && !trimmed.endsWith("d") && !trimmed.endsWith("f") && !trimmed.endsWith("D")
                    && !trimmed.endsWith("F")) {
                try {
                    return Double.parseDouble(trimmed);
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        }
        throw binding.failure("expected a number, got " + ValueText.describe(value));
    }

    private static Boolean toBoolean(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = ValueText.of(value).trim().toLowerCase(Locale.ROOT);
        return text.equals("true") || text.equals("1");
    }

    private static Object parseJson(Object value, BindingExpression binding, String expected) {
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) value;
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw binding.failure("expected " + expected + ", got " + ValueText.describe(value) + " ("
                    + e.getOriginalMessage() + ")");
        }
    }

    private static String toBase64(Object value) {
        byte[] bytes = value instanceof byte[] raw ? raw : ValueText.of(value).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private Object toStream(Object value) {
        boolean json = "json".equals(subtype);
        if (value instanceof ChunkStream stream) {
            if (json) {
                return stream.map(Json::write);
            }
            return "text".equals(subtype) ? stream.map(ValueText::of) : stream;
        }
        if (json) {
            return ChunkStream.of(false, Json.write(value));
        }
        return ChunkStream.of(true, "text".equals(subtype) ? ValueText.of(value) : value);
    }

    /** select, image, audio, video, file, any, none: unchanged, except bytes with a base64 or data-uri format. */
    private Object media(Object value) {
        if (format == null || !(value instanceof byte[] bytes)) {
            return value;
        }
        String encoded = Base64.getEncoder().encodeToString(bytes);
        switch (format) {
            case "base64":
                return encoded;
            case "data-uri":
                return "data:" + type + "/" + (subtype == null ? "octet-stream" : subtype) + ";base64," + encoded;
            default:
                return value;
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(type);
        if (list) {
            text.append("[]");
        }
        if (subtype != null) {
            text.append('/').append(subtype);
        }
        if (attrs != null) {
            text.append('[').append(attrs).append(']');
        }
        if (format != null) {
            text.append(';').append(format);
        }
        return text.toString();
    }
}
