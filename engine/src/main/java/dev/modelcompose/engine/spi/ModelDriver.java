package dev.modelcompose.engine.spi;

import java.util.Set;

/**
 * A backend that runs models in-process ({@code driver: onnx}, {@code djl}, {@code llamacpp}). Registered in
 * {@code META-INF/services/dev.modelcompose.engine.spi.ModelDriver}. Shape only; the {@code model} component
 * defines the task operations when it lands.
 */
public interface ModelDriver {
    String name();

    /** The tasks it supports: text-embedding, text-classification, text-reranking, text-generation, ... */
    Set<String> tasks();
}
