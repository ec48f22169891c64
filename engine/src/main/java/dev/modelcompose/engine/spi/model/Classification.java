package dev.modelcompose.engine.spi.model;

import java.util.List;

/**
 * @param labelId       the index of the most probable class
 * @param label         its name (the component's {@code labels}, else the model's {@code id2label}); null when unknown
 * @param probabilities softmax over the classes, in class order
 * @param labels        every class's name in class order (null entries when unknown)
 */
public record Classification(int labelId, String label, List<Double> probabilities, List<String> labels) {
}
