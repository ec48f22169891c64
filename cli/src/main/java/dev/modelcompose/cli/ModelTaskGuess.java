package dev.modelcompose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelcompose.engine.value.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Guesses the {@code model} component task a repository is for, from its {@code config.json} {@code architectures}
 * ({@code BertForSequenceClassification} → text-classification), the Hub's {@code pipeline_tag}, or its files
 * ({@code modules.json} of sentence-transformers → text-embedding, a {@code .gguf} → text-generation).
 */
final class ModelTaskGuess {
    private static final Map<String, String> PIPELINE_TAGS = Map.of(
            "feature-extraction", "text-embedding",
            "sentence-similarity", "text-embedding",
            "text-classification", "text-classification",
            "text-ranking", "text-reranking",
            "text-generation", "text-generation",
            "text2text-generation", "text-generation");

    private ModelTaskGuess() {
    }

    /**
     * @param config      the parsed config.json, null when absent
     * @param files       the repository's files
     * @param pipelineTag the Hub's tag, null when unknown
     * @return a task and why, such as {@code text-classification (BertForSequenceClassification)}; null when no clue
     */
    static String guess(JsonNode config, Collection<String> files, String pipelineTag) {
        if (config != null) {
            for (JsonNode architecture : config.path("architectures")) {
                String name = architecture.asText("");
                String task = fromArchitecture(name, config);
                if (task != null) {
                    return task + " (" + name + ")";
                }
            }
        }
        if (pipelineTag != null && PIPELINE_TAGS.containsKey(pipelineTag)) {
            return PIPELINE_TAGS.get(pipelineTag) + " (pipeline_tag " + pipelineTag + ")";
        }
        if (files.contains("modules.json") || files.contains("sentence_bert_config.json")) {
            return "text-embedding (sentence-transformers)";
        }
        if (files.stream().anyMatch(f -> f.toLowerCase(Locale.ROOT).endsWith(".gguf"))) {
            return "text-generation (GGUF)";
        }
        if (pipelineTag != null) {
            return "unknown (pipeline_tag " + pipelineTag + ")";
        }
        return null;
    }

    private static String fromArchitecture(String name, JsonNode config) {
        if (name.endsWith("ForSequenceClassification")) {
            int labels = config.path("id2label").size();
            return labels == 1 ? "text-reranking" : "text-classification";
        }
        if (name.endsWith("ForCausalLM") || name.endsWith("LMHeadModel") || name.endsWith("ForConditionalGeneration")) {
            return "text-generation";
        }
        if (name.endsWith("Model") || name.endsWith("ForMaskedLM")) {
            return "text-embedding";
        }
        return null;
    }

    static JsonNode readConfig(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            return null;
        }
    }
}
