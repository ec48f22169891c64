package dev.modelcompose.components.model;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.value.ValueText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the rendered fields of one model call, failing with a message that names the field. */
final class CallValues {
    private final Map<String, Object> values;

    CallValues(Map<String, Object> values) {
        this.values = values;
    }

    Object raw(String field) {
        return values.get(field);
    }

    boolean has(String field) {
        return values.get(field) != null;
    }

    /** A text or a list of texts. */
    record Texts(List<String> texts, boolean list) {
    }

    Texts texts(String field) {
        Object value = values.get(field);
        if (value instanceof String text) {
            return new Texts(List.of(text), false);
        }
        if (value instanceof List<?> items) {
            if (items.isEmpty()) {
                throw new ComponentCallException(field + " is an empty list; give at least one text");
            }
            List<String> texts = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof String text)) {
                    throw new ComponentCallException(field + "[" + i + "] must be a string, got "
                            + ValueText.describe(items.get(i)));
                }
                texts.add(text);
            }
            return new Texts(List.copyOf(texts), true);
        }
        throw new ComponentCallException(field + " must be a string or a list of strings, got "
                + (value == null ? "nothing (is the input field set?)" : ValueText.describe(value)));
    }

    String string(String field) {
        Object value = values.get(field);
        if (value instanceof String text) {
            return text;
        }
        throw new ComponentCallException(field + " must be a string, got "
                + (value == null ? "nothing (is the input field set?)" : ValueText.describe(value)));
    }

    /** A whole number of at least {@code min}, or null when absent. */
    Integer integer(String field, int min) {
        return integer(field, values.get(field), min);
    }

    static Integer integer(String field, Object value, int min) {
        if (value == null) {
            return null;
        }
        Object number = value;
        if (value instanceof String text) {
            try {
                number = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                number = null;
            }
        }
        if ((number instanceof Integer || number instanceof Long) && ((Number) number).longValue() >= min
                && ((Number) number).longValue() <= Integer.MAX_VALUE) {
            return ((Number) number).intValue();
        }
        if (number instanceof Double d && d == Math.rint(d) && d >= min && d <= Integer.MAX_VALUE) {
            return d.intValue();
        }
        throw new ComponentCallException(field + " must be a whole number of at least " + min + ", got "
                + ValueText.describe(value));
    }

    Double decimal(String field) {
        return decimal(field, values.get(field));
    }

    static Double decimal(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ComponentCallException(field + " must be a number, got " + ValueText.describe(value));
    }

    boolean flag(String field, boolean fallback) {
        return flag(field, values.get(field), fallback);
    }

    static boolean flag(String field, Object value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw new ComponentCallException(field + " must be true or false, got " + ValueText.describe(value));
    }

    /** A mapping, or an empty one when absent. */
    @SuppressWarnings("unchecked")
    Map<String, Object> mapping(String field) {
        Object value = values.get(field);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new ComponentCallException(field + " must be a mapping, got " + ValueText.describe(value));
    }

    /** Refuses keys of {@code params} that the task does not read. */
    static void onlyKnown(Map<String, Object> params, List<String> known, String task) {
        for (String key : params.keySet()) {
            if (!known.contains(key)) {
                throw new ComponentCallException("params." + key + " is not a " + task + " parameter (it takes "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /** A string or a list of strings, or null when absent. */
    List<String> strings(String field) {
        Object value = values.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> items) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof String text)) {
                    throw new ComponentCallException(field + "[" + i + "] must be a string, got "
                            + ValueText.describe(items.get(i)));
                }
                texts.add(text);
            }
            return List.copyOf(texts);
        }
        throw new ComponentCallException(field + " must be a string or a list of strings, got "
                + ValueText.describe(value));
    }
}
