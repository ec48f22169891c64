package dev.modelcompose.engine.spi.model;

import java.nio.file.Path;

/**
 * A model whose files are on local disk, ready to load.
 *
 * @param path   the model file (a {@code .gguf}, a {@code .onnx}) or the model folder (tokenizer.json, config.json,
 *               model.onnx or onnx/model.onnx, ...), absolute
 * @param format {@code onnx}, {@code gguf}, {@code safetensors} or {@code pytorch}
 * @param name   how messages name it: {@code builtin:all-minilm-l6-v2}, {@code org/name@rev}, {@code ./models/x}
 */
public record ResolvedModel(Path path, String format, String name) {
}
