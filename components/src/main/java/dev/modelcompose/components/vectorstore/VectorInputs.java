package dev.modelcompose.components.vectorstore;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.value.ValueText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered request fields into what a store takes, checking them before the store sees them: one vector or a
 * list of vectors, one id or a list, one mapping or a list, one text or a list.
 */
final class VectorInputs {
    private VectorInputs() {
    }

    /** Vectors as given: {@code many} tells whether the field held a list of vectors. */
    record Vectors(List<float[]> vectors, boolean many) {
    }

    /** One vector ({@code [0.1, 0.2]}) or several ({@code [[...], [...]]}); never empty, every value finite. */
    static Vectors vectors(String field, Object rendered, Integer dimensions) {
        rendered = asList(rendered);
        if (!(rendered instanceof List<?> list)) {
            throw new ComponentCallException(field + " must be a list of numbers or a list of such lists, got "
                    + ValueText.describe(rendered));
        }
        if (list.isEmpty()) {
            throw new ComponentCallException(field + " is an empty list");
        }
        boolean many = asList(list.get(0)) instanceof List<?>;
        List<float[]> vectors = new ArrayList<>();
        if (many) {
            for (int i = 0; i < list.size(); i++) {
                vectors.add(vector(field + "[" + i + "]", list.get(i), dimensions));
            }
        } else {
            vectors.add(vector(field, list, dimensions));
        }
        return new Vectors(vectors, many);
    }

    /** A float[] or double[] (as a model component may hand over) as a list; anything else as is. */
    private static Object asList(Object value) {
        if (value instanceof float[] floats) {
            List<Object> out = new ArrayList<>(floats.length);
            for (float x : floats) {
                out.add(x);
            }
            return out;
        }
        if (value instanceof double[] doubles) {
            List<Object> out = new ArrayList<>(doubles.length);
            for (double x : doubles) {
                out.add(x);
            }
            return out;
        }
        return value;
    }

    private static float[] vector(String field, Object rendered, Integer dimensions) {
        rendered = asList(rendered);
        if (!(rendered instanceof List<?> values)) {
            throw new ComponentCallException(field + " must be a list of numbers, got " + ValueText.describe(rendered));
        }
        if (values.isEmpty()) {
            throw new ComponentCallException(field + " is an empty vector");
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object value = values.get(i);
            if (!(value instanceof Number n)) {
                throw new ComponentCallException(field + "[" + i + "] must be a number, got "
                        + ValueText.describe(value));
            }
            out[i] = n.floatValue();
            if (!Float.isFinite(out[i])) {
                throw new ComponentCallException(field + "[" + i + "] is " + (Double.isNaN(n.doubleValue()) ? "NaN"
                        : "not finite") + ": vectors hold finite numbers only");
            }
        }
        if (dimensions != null && out.length != dimensions) {
            throw new ComponentCallException(field + " has " + out.length + " values, the store holds vectors of "
                    + dimensions + " dimensions");
        }
        return out;
    }

    /** One id or a list; numbers become their text. Null when absent. */
    static List<String> ids(Object rendered) {
        if (rendered == null) {
            return null;
        }
        List<?> list = rendered instanceof List<?> l ? l : List.of(rendered);
        List<String> ids = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object id = list.get(i);
            if (!(id instanceof String || id instanceof Number) || String.valueOf(id).isEmpty()) {
                throw new ComponentCallException((rendered instanceof List<?> ? "vector_id[" + i + "]" : "vector_id")
                        + " must be a non-empty string or a number, got " + ValueText.describe(id));
            }
            ids.add(id instanceof Number n ? ValueText.of(n) : (String) id);
        }
        return ids;
    }

    /** One mapping or a list of mappings (null items allowed); null when absent. */
    static List<Map<String, Object>> metadata(Object rendered, boolean many) {
        if (rendered == null) {
            return null;
        }
        if (!many && rendered instanceof Map<?, ?>) {
            return java.util.Collections.singletonList(mapping("metadata", rendered));
        }
        if (!(rendered instanceof List<?> list)) {
            throw new ComponentCallException("metadata must be " + (many ? "a list of mappings, one per vector"
                    : "a mapping") + ", got " + ValueText.describe(rendered));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get(i) == null ? null : mapping("metadata[" + i + "]", list.get(i)));
        }
        return out;
    }

    private static Map<String, Object> mapping(String field, Object rendered) {
        if (!(rendered instanceof Map<?, ?> map)) {
            throw new ComponentCallException(field + " must be a mapping, got " + ValueText.describe(rendered));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (value instanceof Map<?, ?>) {
                throw new ComponentCallException(field + "." + key + " is a mapping: metadata values are strings, "
                        + "numbers, booleans or lists of them");
            }
            if (value instanceof List<?> values && values.stream().anyMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>)) {
                throw new ComponentCallException(field + "." + key + " holds mappings or lists: metadata values are "
                        + "strings, numbers, booleans or lists of them");
            }
            if (value != null) {
                out.put(String.valueOf(key), value);
            }
        });
        return out;
    }

    /** One text or a list of texts (null items allowed); null when absent. */
    static List<String> documents(Object rendered, boolean many) {
        if (rendered == null) {
            return null;
        }
        if (!many && !(rendered instanceof List<?>)) {
            return java.util.Collections.singletonList(text("document", rendered));
        }
        if (!(rendered instanceof List<?> list)) {
            throw new ComponentCallException("document must be a list of texts, one per vector, got "
                    + ValueText.describe(rendered));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get(i) == null ? null : text("document[" + i + "]", list.get(i)));
        }
        return out;
    }

    private static String text(String field, Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new ComponentCallException(field + " must be a text, got " + ValueText.describe(value));
        }
        return ValueText.of(value);
    }

    /** Fails unless {@code list} (when given) has {@code size} items. */
    static void sameLength(String field, List<?> list, int size, String other) {
        if (list != null && list.size() != size) {
            throw new ComponentCallException(field + " has " + list.size() + (list.size() == 1 ? " item" : " items")
                    + " but " + other + " has " + size);
        }
    }

    /** A vector's values for results: each float as the decimal it was written as. */
    static List<Double> values(float[] vector) {
        List<Double> out = new ArrayList<>(vector.length);
        for (float x : vector) {
            out.add(Double.valueOf(Float.toString(x)));
        }
        return out;
    }
}
