package dev.modelcompose.engine.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One step of a binding path: {@code .key}, {@code [n]}, {@code [-n]}, {@code [a:b]} or {@code [*]}. Steps never
 * fail: a step that does not fit the value (a key on a list, an index on a mapping, descending into a scalar, an
 * index out of bounds) gives null.
 */
sealed interface PathStep {

    Object apply(Object value);

    /** Resolves {@code steps} from {@code start} against {@code value}; {@code [*]} maps the rest over a list. */
    static Object resolve(Object value, PathStep[] steps, int start) {
        Object current = value;
        for (int i = start; i < steps.length; i++) {
            if (current == null) {
                return null;
            }
            PathStep step = steps[i];
            if (step instanceof Each) {
                if (!(current instanceof List<?> list)) {
                    return null;
                }
                List<Object> mapped = new ArrayList<>(list.size());
                for (Object element : list) {
                    mapped.add(resolve(element, steps, i + 1));
                }
                return mapped;
            }
            current = step.apply(current);
        }
        return current;
    }

    /** {@code .key} or {@code ['key']}. */
    record Key(String name) implements PathStep {
        @Override
        public Object apply(Object value) {
            return value instanceof Map<?, ?> map ? map.get(name) : null;
        }

        @Override
        public String toString() {
            return "." + name;
        }
    }

    /** {@code [n]}; negative counts from the end. */
    record Index(int index) implements PathStep {
        @Override
        public Object apply(Object value) {
            if (value instanceof List<?> list) {
                int at = index < 0 ? list.size() + index : index;
                return at >= 0 && at < list.size() ? list.get(at) : null;
            }
            return null;
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /** {@code [from:to]} with Python semantics: either bound may be absent or negative; bounds clamp. */
    record Slice(Integer from, Integer to) implements PathStep {
        @Override
        public Object apply(Object value) {
            if (value instanceof List<?> list) {
                int size = list.size();
                int start = bound(from, 0, size);
                int end = bound(to, size, size);
                return end <= start ? new ArrayList<>() : new ArrayList<Object>(list.subList(start, end));
            }
            if (value instanceof String text) {
                int size = text.length();
                int start = bound(from, 0, size);
                int end = bound(to, size, size);
                return end <= start ? "" : text.substring(start, end);
            }
            return null;
        }

        private static int bound(Integer written, int absent, int size) {
            if (written == null) {
                return absent;
            }
            int at = written < 0 ? size + written : written;
            return Math.max(0, Math.min(size, at));
        }

        @Override
        public String toString() {
            return "[" + (from == null ? "" : from) + ":" + (to == null ? "" : to) + "]";
        }
    }

    /** {@code [*]}: the rest of the path is applied to every element of a list. */
    record Each() implements PathStep {
        @Override
        public Object apply(Object value) {
            return value;
        }

        @Override
        public String toString() {
            return "[*]";
        }
    }
}
