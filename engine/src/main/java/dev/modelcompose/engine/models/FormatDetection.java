package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Tells a model's format from its files: a {@code .onnx}, {@code .gguf}, {@code .safetensors}, {@code .bin}/{@code .pt}
 * file; or a folder holding {@code model.onnx} or {@code onnx/model.onnx}, {@code *.gguf}, {@code model.safetensors}
 * or {@code pytorch_model.bin}, else any {@code .onnx} file (at its root or under {@code onnx/}).
 */
final class FormatDetection {
    static final String EXPECTED = "a .onnx, .gguf, .safetensors, .bin or .pt file, or a folder with model.onnx, "
            + "onnx/model.onnx, a .gguf file, model.safetensors or pytorch_model.bin";

    private FormatDetection() {
    }

    /** The format of a file from its name; null when the name says nothing. */
    static String ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".onnx")) {
            return "onnx";
        }
        if (lower.endsWith(".gguf")) {
            return "gguf";
        }
        if (lower.endsWith(".safetensors")) {
            return "safetensors";
        }
        if (lower.endsWith(".bin") || lower.endsWith(".pt") || lower.endsWith(".pth")) {
            return "pytorch";
        }
        return null;
    }

    /**
     * The model at {@code path} (a file or folder) ready to load.
     *
     * @param format the format the user gave; null to detect it
     * @param name   how messages name the model
     */
    static ResolvedModel resolve(Path path, String format, String name) {
        String model = "model " + name + (name.equals(path.toString()) ? "" : " (" + path + ")");
        if (!Files.exists(path)) {
            throw new ModelException(model + " does not exist");
        }
        if (Files.isRegularFile(path)) {
            String detected = ofFileName(path.getFileName().toString());
            if (format == null && detected == null) {
                throw new ModelException(model + ": cannot tell the format of this file (expected " + EXPECTED
                        + "; or set format: onnx|gguf|safetensors|pytorch)");
            }
            return new ResolvedModel(path.toAbsolutePath(), format != null ? format : detected, name);
        }
        if (format == null) {
            format = ofFolder(path);
            if (format == null) {
                throw new ModelException(model + " holds no model file (expected " + EXPECTED
                        + "; or set format: onnx|gguf|safetensors|pytorch)");
            }
        }
        if (format.equals("gguf")) {
            List<Path> ggufs = ggufFiles(path);
            if (ggufs.size() == 1) {
                return new ResolvedModel(ggufs.get(0).toAbsolutePath(), format, name);
            }
            if (ggufs.size() > 1) {
                throw new ModelException(model + " holds several GGUF files ("
                        + String.join(", ", ggufs.stream().map(p -> p.getFileName().toString()).toList())
                        + "): point the model at one of them");
            }
        }
        return new ResolvedModel(path.toAbsolutePath(), format, name);
    }

    /** The format of a model folder, or null when it holds no model file. */
    static String ofFolder(Path folder) {
        if (Files.isRegularFile(folder.resolve("model.onnx")) || Files.isRegularFile(folder.resolve("onnx/model.onnx"))) {
            return "onnx";
        }
        if (!ggufFiles(folder).isEmpty()) {
            return "gguf";
        }
        if (Files.isRegularFile(folder.resolve("model.safetensors"))
                || Files.isRegularFile(folder.resolve("model.safetensors.index.json"))) {
            return "safetensors";
        }
        if (Files.isRegularFile(folder.resolve("pytorch_model.bin"))
                || Files.isRegularFile(folder.resolve("pytorch_model.bin.index.json"))) {
            return "pytorch";
        }
        if (hasOnnxFile(folder) || Files.isDirectory(folder.resolve("onnx")) && hasOnnxFile(folder.resolve("onnx"))) {
            return "onnx";
        }
        return null;
    }

    private static boolean hasOnnxFile(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")
                    && Files.isRegularFile(f));
        } catch (IOException e) {
            return false;
        }
    }

    static List<Path> ggufFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ModelException("cannot read the model folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
