package dev.modelcompose.engine.spi.model;

import java.util.List;

/**
 * @param normalize map cross-encoder logits through a sigmoid into 0..1
 */
public record RerankRequest(String query, List<String> documents, Integer maxInputLength, boolean normalize) {
}
