package dev.modelcompose.drivers.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelcompose.engine.spi.model.ModelException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the driver reads from a model folder's {@code config.json}: the class names ({@code id2label}). */
final class ModelConfig {
    private ModelConfig() {
    }

    /** The labels in class order, or an empty list when the folder has no config.json or it names none. */
    static List<String> labels(Path folder) {
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JsonNode id2label;
        try {
            id2label = new ObjectMapper().readTree(file.toFile()).path("id2label");
        } catch (IOException e) {
            throw new ModelException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; id2label.has(String.valueOf(i)); i++) {
            labels.add(id2label.get(String.valueOf(i)).asText());
        }
        return labels;
    }
}
