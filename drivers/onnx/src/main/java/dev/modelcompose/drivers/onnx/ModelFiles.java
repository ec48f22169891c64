package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where an ONNX model's files are. A folder holds {@code model.onnx}, {@code onnx/model.onnx} or a single {@code .onnx}
 * file (at its root or under {@code onnx/}); a file path names the {@code .onnx} file itself. The tokenizer and the
 * optional {@code config.json}, {@code tokenizer_config.json} and {@code generation_config.json} sit beside the model
 * file or at the folder's root.
 *
 * @param name      how messages name the model
 * @param folder    the model folder (the file's folder for a file path)
 * @param modelFile the {@code .onnx} file
 */
public record ModelFiles(String name, Path folder, Path modelFile) {

    /** Finds the model file; fails with a {@link ModelException} that says where it looked. */
    public static ModelFiles locate(ResolvedModel model) {
        Path path = model.path();
        if (Files.isRegularFile(path)) {
            Path file = path.toAbsolutePath();
            Path folder = file.getParent();
            if (folder.getFileName() != null && folder.getFileName().toString().equals("onnx")
                    && folder.getParent() != null) {
                folder = folder.getParent(); // an Optimum export: onnx/model.onnx with the tokenizer at the root
            }
            return new ModelFiles(model.name(), folder, file);
        }
        if (!Files.isDirectory(path)) {
            throw new ModelException("model " + model.name() + ": " + path + " does not exist");
        }
        for (Path candidate : List.of(path.resolve("model.onnx"), path.resolve("onnx").resolve("model.onnx"))) {
            if (Files.isRegularFile(candidate)) {
                return new ModelFiles(model.name(), path, candidate);
            }
        }
        for (Path dir : List.of(path, path.resolve("onnx"))) {
            List<Path> onnx = onnxFiles(dir);
            if (onnx.size() == 1) {
                return new ModelFiles(model.name(), path, onnx.get(0));
            }
            if (onnx.size() > 1) {
                throw new ModelException("model " + model.name() + ": " + dir + " holds several ONNX files ("
                        + onnx.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))
                        + "); point model at one of them");
            }
        }
        throw new ModelException("model " + model.name() + ": no ONNX file in " + path
                + " (looked for model.onnx, onnx/model.onnx and a single .onnx file)");
    }

    /** The tokenizer.json; fails with a {@link ModelException} that lists where it looked. */
    public Path tokenizer() {
        List<Path> candidates = candidates("tokenizer.json");
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new ModelException(
                "model " + name + ": no tokenizer.json (looked for "
                        + candidates.stream().map(Path::toString).collect(Collectors.joining(", "))
                        + "); the onnx driver needs the model's Hugging Face tokenizer.json beside the model file"));
    }

    /** config.json, when present. */
    public Optional<Path> config() {
        return optional("config.json");
    }

    /** tokenizer_config.json, when present. */
    public Optional<Path> tokenizerConfig() {
        return optional("tokenizer_config.json");
    }

    /** generation_config.json, when present. */
    public Optional<Path> generationConfig() {
        return optional("generation_config.json");
    }

    /** A file beside the model file, else at the folder's root. */
    public Optional<Path> optional(String fileName) {
        return candidates(fileName).stream().filter(Files::isRegularFile).findFirst();
    }

    private List<Path> candidates(String fileName) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(modelFile.getParent());
        dirs.add(folder);
        return new ArrayList<>(dirs.stream().map(d -> d.resolve(fileName)).toList());
    }

    private static List<Path> onnxFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".onnx") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
