package dev.modelcompose.engine.spi.model;

import java.util.List;
import java.util.Map;

/**
 * A text-generation or chat-completion call. Exactly one of {@code prompt} and {@code messages} is set.
 *
 * @param prompt       the raw prompt (text-generation)
 * @param messages     chat messages {@code {role, content, ...}} as plain values (chat-completion); the driver renders
 *                     them with the model's chat template (or the component's {@code chat_template})
 * @param tools        tool definitions passed to the chat template; null when none
 * @param params       sampling and length settings
 */
public record GenerationRequest(String prompt, List<Map<String, Object>> messages, List<Object> tools,
                                GenerationParams params) {
}
