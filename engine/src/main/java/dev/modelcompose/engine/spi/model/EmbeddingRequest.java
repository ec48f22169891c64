package dev.modelcompose.engine.spi.model;

import java.util.List;

/**
 * @param texts          the texts, never empty
 * @param pooling        {@code mean}, {@code cls} or {@code max}; null means the model's default (mean)
 * @param normalize      L2-normalise each vector
 * @param maxInputLength truncate to this many tokens (null: the model's maximum); truncation is not an error
 */
public record EmbeddingRequest(List<String> texts, String pooling, boolean normalize, Integer maxInputLength) {
}
