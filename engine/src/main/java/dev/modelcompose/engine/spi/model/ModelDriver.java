package dev.modelcompose.engine.spi.model;

import java.util.Optional;
import java.util.Set;

/**
 * A backend that runs models in-process ({@code driver: onnx}, {@code djl}, {@code llamacpp}). Registered in
 * {@code META-INF/services/dev.modelcompose.engine.spi.model.ModelDriver}; the {@code model} component finds it by
 * {@link #name()}, or by the model's format when the file names no driver. A driver depends on the engine's SPI only
 * and loads its native library lazily, in {@link #load}, never in its constructor.
 */
public interface ModelDriver {

    /** The {@code driver:} value, e.g. {@code onnx}. */
    String name();

    /** The tasks it runs: a subset of {@link ModelTask}'s names ({@code text-embedding}, ...). */
    Set<String> tasks();

    /** The model formats it loads ({@code onnx}, {@code gguf}, ...): the default driver for a format is the one listing it. */
    Set<String> formats();

    /**
     * Loads a model for one component. Blocking (called on a worker thread); may take seconds. A model the driver
     * cannot run (wrong file, missing tokenizer, inputs that do not fit the task) fails with a {@link ModelException}
     * whose message a user can act on.
     */
    LoadedModel load(ModelLoadRequest request);

    /**
     * A token counter for the model's tokenizer (the text-splitter's {@code length: tokens}), when this driver can
     * read the model's tokenizer. Blocking.
     */
    default Optional<TokenCounter> tokenCounter(ResolvedModel model) {
        return Optional.empty();
    }
}
