package dev.modelcompose.engine.spi.model;

/**
 * @param text         the whole generated text (stop sequence excluded)
 * @param inputTokens  tokens in the rendered prompt
 * @param outputTokens tokens generated
 * @param finishReason {@code stop} (end-of-sequence or a stop sequence), {@code length} (max_output_length),
 *                     {@code cancelled}
 */
public record GenerationResult(String text, int inputTokens, int outputTokens, String finishReason) {
}
