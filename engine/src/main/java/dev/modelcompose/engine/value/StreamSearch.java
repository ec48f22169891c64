package dev.modelcompose.engine.value;

import java.util.List;
import java.util.Map;

/** Whether a value holds a {@link ChunkStream} anywhere inside its maps and lists. */
final class StreamSearch {
    private StreamSearch() {
    }

    static boolean contains(Object value) {
        if (value instanceof ChunkStream) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Object item : map.values()) {
                if (contains(item)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (contains(item)) {
                    return true;
                }
            }
        }
        return false;
    }
}
