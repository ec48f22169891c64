package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.graph.JobGraph;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The output of a run: the terminal-job rule when a workflow has no {@code output}, and stream settling. */
final class WorkflowResult {
    private WorkflowResult() {
    }

    /**
     * The output without {@code workflow.output}: one terminal job that ran gives its output; several give their map
     * outputs merged in declaration order (null outputs skipped), or, if any non-null output is not a map, a map of
     * job id to output. Terminal jobs that never ran (routing targets not taken) contribute nothing. Independent of
     * the order in which jobs finished.
     */
    static Object fromTerminals(JobGraph graph, Object[] outputs, boolean[] done) {
        int ran = 0;
        int last = -1;
        boolean allMaps = true;
        int nonNull = 0;
        for (int terminal : graph.terminals()) {
            if (done[terminal]) {
                ran++;
                last = terminal;
                Object output = outputs[terminal];
                if (output != null) {
                    nonNull++;
                    allMaps &= output instanceof Map;
                }
            }
        }
        if (ran == 0) {
            return null;
        }
        if (ran == 1) {
            return outputs[last];
        }
        if (nonNull == 0) {
            return null;
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        for (int terminal : graph.terminals()) {
            Object output = outputs[terminal];
            if (!done[terminal] || output == null) {
                continue;
            }
            if (allMaps) {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) output).entrySet()) {
                    merged.put(String.valueOf(entry.getKey()), entry.getValue());
                }
            } else {
                merged.put(graph.jobs().get(terminal).id(), output);
            }
        }
        return merged;
    }

    /**
     * Drains the streams nested inside maps and lists (joining text fragments); a top-level stream is returned as
     * is, for the caller to consume.
     */
    static Future<Object> settle(Object value) {
        if (value instanceof ChunkStream || !containsStream(value)) {
            return Future.succeededFuture(value);
        }
        try {
            return drainInside(value);
        } catch (RuntimeException error) {
            // a stream that refuses its subscriber (read twice) must fail the run, not leave it hanging
            return Future.failedFuture(error);
        }
    }

    private static boolean containsStream(Object value) {
        if (value instanceof ChunkStream) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Object item : map.values()) {
                if (containsStream(item)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (containsStream(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Future<Object> drainInside(Object value) {
        if (value instanceof ChunkStream stream) {
            return stream.drain();
        }
        if (!containsStream(value)) {
            return Future.succeededFuture(value);
        }
        if (value instanceof Map<?, ?> map) {
            List<Object> keys = new ArrayList<>(map.keySet());
            List<Future<Object>> parts = new ArrayList<>(map.size());
            for (Object item : map.values()) {
                parts.add(drainInside(item));
            }
            return Future.all(parts).map(all -> {
                Map<Object, Object> drained = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    drained.put(keys.get(i), parts.get(i).result());
                }
                return drained;
            });
        }
        List<?> list = (List<?>) value;
        List<Future<Object>> parts = new ArrayList<>(list.size());
        for (Object item : list) {
            parts.add(drainInside(item));
        }
        return Future.all(parts).map(all -> {
            List<Object> drained = new ArrayList<>(parts.size());
            for (Future<Object> part : parts) {
                drained.add(part.result());
            }
            return drained;
        });
    }
}
