package dev.modelcompose.engine.spi.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a driver needs to load one component's model.
 *
 * @param componentId the component's id, for messages
 * @param task        the {@code task:} value (one of the driver's {@link ModelDriver#tasks()})
 * @param model       the model files
 * @param device      {@code cpu}, {@code cuda} or {@code auto}
 * @param options     the component's {@code options:} mapping as plain values (n_ctx, n_threads, intra_op_threads, ...);
 *                    empty when absent
 * @param settings    the component's other model fields as plain values, by their YAML names: {@code labels},
 *                    {@code max_seq_length}, {@code chat_template}, {@code pooling}, {@code normalize}, ...; a driver
 *                    reads those it knows
 * @param adapters    {@code peft_adapters}, resolved
 * @param baseDir     the compose file's folder
 */
public record ModelLoadRequest(String componentId, String task, ResolvedModel model, String device,
                               Map<String, Object> options, Map<String, Object> settings, List<ModelAdapter> adapters,
                               Path baseDir) {
}
