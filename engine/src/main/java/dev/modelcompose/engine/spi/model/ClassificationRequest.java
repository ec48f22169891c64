package dev.modelcompose.engine.spi.model;

import java.util.List;

/** @param maxInputLength truncate to this many tokens (null: the model's maximum) */
public record ClassificationRequest(List<String> texts, Integer maxInputLength) {
}
