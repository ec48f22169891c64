package dev.modelcompose.drivers.djl;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a model folder keeps its files: the model file ({@code model.onnx}, {@code onnx/model.onnx}, a single
 * {@code .onnx}, or a TorchScript {@code .pt}), the engine that runs it, and {@code tokenizer.json}.
 *
 * @param modelDir  the folder holding the model file
 * @param modelName the model file's name without its extension (DJL's {@code optModelName})
 * @param engine    the DJL engine name: {@code OnnxRuntime} or {@code PyTorch}
 * @param tokenizer tokenizer.json
 * @param root      the model folder (config.json lives here)
 */
record DjlModelFiles(Path modelDir, String modelName, String engine, Path tokenizer, Path root) {
    static final String PYTORCH_MODULE = "dev.modelcompose:compose-driver-djl-pytorch";

    static DjlModelFiles find(ResolvedModel model) {
        Path path = model.path();
        if (!Files.exists(path)) {
            throw new ModelException("model " + model.name() + ": " + path + " does not exist");
        }
        Path root = Files.isDirectory(path) ? path : path.getParent();
        Path file = Files.isDirectory(path) ? modelFile(root, model.name()) : path;
        String fileName = file.getFileName().toString();
        String engine = fileName.endsWith(".onnx") ? "OnnxRuntime" : "PyTorch";
        Path tokenizer = root.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer) && file.getParent() != null) {
            tokenizer = file.getParent().resolve("tokenizer.json");
        }
        if (!Files.isRegularFile(tokenizer)) {
            throw new ModelException("model " + model.name() + ": no tokenizer.json in " + root
                    + " (the djl driver needs the Hugging Face tokenizer file beside the model)");
        }
        String name = fileName.substring(0, fileName.lastIndexOf('.'));
        return new DjlModelFiles(file.getParent(), name, engine, tokenizer, root);
    }

    private static Path modelFile(Path root, String modelName) {
        for (Path candidate : List.of(root.resolve("model.onnx"), root.resolve("onnx/model.onnx"),
                root.resolve("model.pt"), root.resolve("traced_model.pt"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        try (Stream<Path> files = Files.list(root)) {
            List<Path> models = files.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".onnx") || n.endsWith(".pt");
            }).sorted().toList();
            if (models.size() == 1) {
                return models.get(0);
            }
            if (models.isEmpty()) {
                throw new ModelException("model " + modelName + ": no model.onnx, onnx/model.onnx or TorchScript .pt file in "
                        + root + " (safetensors and pytorch_model.bin checkpoints need exporting to ONNX or TorchScript first)");
            }
            throw new ModelException("model " + modelName + ": several model files in " + root + ": "
                    + models.stream().map(p -> p.getFileName().toString()).toList() + " (point model: at one of them)");
        } catch (IOException e) {
            throw new ModelException("model " + modelName + ": cannot list " + root + ": " + e.getMessage(), e);
        }
    }
}
