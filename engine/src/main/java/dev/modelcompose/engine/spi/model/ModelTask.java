package dev.modelcompose.engine.spi.model;

import java.util.Arrays;
import java.util.Optional;

/** The model tasks the engine knows; {@link #id()} is the {@code task:} value. */
public enum ModelTask {
    TEXT_EMBEDDING("text-embedding"),
    TEXT_CLASSIFICATION("text-classification"),
    TEXT_RERANKING("text-reranking"),
    TEXT_GENERATION("text-generation"),
    CHAT_COMPLETION("chat-completion");

    private final String id;

    ModelTask(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<ModelTask> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
