package dev.modelcompose.engine.models;

import java.nio.file.Path;

/**
 * A model file or folder on disk.
 *
 * @param path   absolute
 * @param format {@code onnx}, {@code gguf}, {@code safetensors}, {@code pytorch}; null means detected from the files
 */
public record LocalModelSource(Path path, String format) implements ModelSource {
    @Override
    public String describe() {
        return path.toString();
    }
}
