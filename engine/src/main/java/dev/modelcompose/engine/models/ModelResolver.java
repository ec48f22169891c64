package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.util.Map;

/**
 * Turns a {@link ModelSource} into files on local disk: checks local paths, downloads Hub repositories into the
 * Hugging Face cache (resuming, verifying, in parallel) and extracts builtin models into the model-compose cache.
 * Blocking: call it on a worker thread. Errors are {@link dev.modelcompose.engine.spi.model.ModelException}s a user
 * can act on (404 names the repository and file, 401 says to set HF_TOKEN, ...).
 */
public final class ModelResolver {

    /**
     * A resolver configured from the environment: {@code HF_ENDPOINT} (default https://huggingface.co),
     * {@code HF_TOKEN}, {@code HF_HUB_CACHE}/{@code HF_HOME}/{@code XDG_CACHE_HOME}, {@code HF_HUB_OFFLINE}, and
     * {@code MODEL_COMPOSE_CACHE} (default {@code $XDG_CACHE_HOME/model-compose}, else {@code ~/.cache/model-compose})
     * for builtin models.
     */
    public static ModelResolver fromEnvironment(Map<String, String> environment) {
        throw new UnsupportedOperationException("implemented on the hub branch");
    }

    /** The model's files on disk, downloading or extracting them first when needed. */
    public ResolvedModel resolve(ModelSource source, DownloadProgress progress) {
        throw new UnsupportedOperationException("implemented on the hub branch");
    }
}
