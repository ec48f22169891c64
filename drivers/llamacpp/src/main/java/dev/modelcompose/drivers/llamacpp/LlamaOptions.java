package dev.modelcompose.drivers.llamacpp;

import dev.modelcompose.engine.spi.model.ModelException;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The component's {@code options:} for llama.cpp.
 *
 * @param nCtx       total context in tokens, shared evenly by the slots (default 4096)
 * @param nThreads   CPU threads (null: llama.cpp's default, the number of cores)
 * @param nGpuLayers layers offloaded to the GPU (0 with the bundled CPU library)
 * @param nBatch     logical batch size for prompt processing (null: 2048)
 * @param parallel   slots: calls that generate at the same time (default 1)
 * @param queueSize  calls that may wait for a slot; more fail at once (default 64)
 * @param seed       the default sampling seed (null: random)
 * @param verbose    let llama.cpp log to stderr
 */
record LlamaOptions(int nCtx, Integer nThreads, int nGpuLayers, Integer nBatch, int parallel, int queueSize, Long seed,
                    boolean verbose) {

    static final List<String> KNOWN = List.of("n_ctx", "n_threads", "n_gpu_layers", "n_batch", "parallel",
            "queue_size", "seed", "verbose");

    static LlamaOptions from(Map<String, Object> options) {
        Map<String, Object> o = options == null ? Map.of() : options;
        TreeSet<String> unknown = new TreeSet<>(o.keySet());
        KNOWN.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new ModelException("unknown llamacpp option '" + unknown.first() + "' (known: "
                    + String.join(", ", KNOWN) + ")");
        }
        Long seed = longValue(o, "seed", Long.MIN_VALUE);
        return new LlamaOptions(
                intValue(o, "n_ctx", 4096, 0),
                nullable(o, "n_threads", 1),
                intValue(o, "n_gpu_layers", 0, -1),
                nullable(o, "n_batch", 1),
                intValue(o, "parallel", 1, 1),
                intValue(o, "queue_size", 64, 0),
                seed,
                booleanValue(o, "verbose"));
    }

    private static Integer nullable(Map<String, Object> o, String key, int min) {
        return o.get(key) == null ? null : intValue(o, key, 0, min);
    }

    private static int intValue(Map<String, Object> o, String key, int fallback, int min) {
        Object v = o.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min
                || ((Number) v).longValue() > Integer.MAX_VALUE) {
            throw new ModelException("options." + key + " must be an integer of at least " + min + ", got "
                    + describe(v));
        }
        return ((Number) v).intValue();
    }

    private static Long longValue(Map<String, Object> o, String key, long min) {
        Object v = o.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min) {
            throw new ModelException("options." + key + " must be an integer, got " + describe(v));
        }
        return ((Number) v).longValue();
    }

    private static boolean booleanValue(Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw new ModelException("options." + key + " must be true or false, got " + describe(v));
        }
        return b;
    }

    private static String describe(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }
}
