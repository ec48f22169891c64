package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the caches are ({@code HF_HUB_CACHE}, {@code MODEL_COMPOSE_CACHE}, ...) and the errors when one cannot be written. */
public final class CacheFolders {
    private CacheFolders() {
    }

    /**
     * The Hugging Face hub cache: {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else
     * {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}.
     */
    public static Path hubCache(Map<String, String> environment) {
        String hubCache = nonEmpty(environment.get("HF_HUB_CACHE"));
        if (hubCache != null) {
            return expand(hubCache);
        }
        String home = nonEmpty(environment.get("HF_HOME"));
        if (home != null) {
            return expand(home).resolve("hub");
        }
        return cacheHome(environment).resolve("huggingface").resolve("hub");
    }

    /**
     * The model-compose cache (builtin models): {@code MODEL_COMPOSE_CACHE}, else
     * {@code $XDG_CACHE_HOME/model-compose}, else {@code ~/.cache/model-compose}.
     */
    public static Path composeCache(Map<String, String> environment) {
        String cache = nonEmpty(environment.get("MODEL_COMPOSE_CACHE"));
        if (cache != null) {
            return expand(cache);
        }
        return cacheHome(environment).resolve("model-compose");
    }

    private static Path cacheHome(Map<String, String> environment) {
        String xdg = nonEmpty(environment.get("XDG_CACHE_HOME"));
        if (xdg != null) {
            return expand(xdg);
        }
        return Path.of(System.getProperty("user.home"), ".cache");
    }

    static String nonEmpty(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Path expand(String path) {
        if (path.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(path.substring(2));
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    static void createDirectories(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
        }
    }

    /** The error for a cache file or folder that cannot be written; names the path. */
    static ModelException unwritable(Path path, IOException cause) {
        return new ModelException("cannot write the model cache at " + path + ": " + reason(cause)
                + " (set cache_dir, HF_HUB_CACHE or MODEL_COMPOSE_CACHE to a writable folder with free space)", cause);
    }

    private static String reason(IOException cause) {
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (cause instanceof FileAlreadyExistsException || cause instanceof NotDirectoryException
                || cause instanceof FileSystemException fs && "Not a directory".equals(fs.getReason())) {
            return "a file is in the way of a folder";
        }
        if (cause instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
