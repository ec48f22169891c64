package dev.modelcompose.engine.spi.vector;

import java.util.Map;

/** One search result; {@code score} and {@code distance} follow {@link VectorMetric}. */
public record VectorHit(String id, double score, double distance, String document, Map<String, Object> metadata) {
}
