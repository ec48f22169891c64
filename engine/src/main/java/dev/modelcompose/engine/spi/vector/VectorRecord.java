package dev.modelcompose.engine.spi.vector;

import java.util.Map;

/**
 * One stored vector.
 *
 * @param id       its id (the component generates ULIDs for records inserted without one)
 * @param vector   its values; null in results of calls that do not return vectors
 * @param document the text it was made from; may be null
 * @param metadata flat metadata (string, number and boolean values); empty when none
 */
public record VectorRecord(String id, float[] vector, String document, Map<String, Object> metadata) {
}
