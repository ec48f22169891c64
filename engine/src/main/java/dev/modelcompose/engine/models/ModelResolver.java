package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a {@link ModelSource} into files on local disk: checks local paths, downloads Hub repositories into the
 * Hugging Face cache (resuming, verifying, in parallel) and extracts builtin models into the model-compose cache.
 * Blocking: call it on a worker thread. Errors are {@link dev.modelcompose.engine.spi.model.ModelException}s a user
 * can act on (404 names the repository and file, 401 says to set HF_TOKEN, ...).
 */
public final class ModelResolver {
    /** The Hub when {@code HF_ENDPOINT} is not set. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    private final URI endpoint;
    private final String token;
    private final Path hubCache;
    private final boolean offline;
    private final Path composeCache;
    private final long retryDelayMillis;

    private ModelResolver(URI endpoint, String token, Path hubCache, boolean offline, Path composeCache,
                          long retryDelayMillis) {
        this.endpoint = endpoint;
        this.token = token;
        this.hubCache = hubCache;
        this.offline = offline;
        this.composeCache = composeCache;
        this.retryDelayMillis = retryDelayMillis;
    }

    /** This resolver with another first pause before a download is retried (it doubles on each retry). */
    ModelResolver withRetryDelay(long millis) {
        return new ModelResolver(endpoint, token, hubCache, offline, composeCache, millis);
    }

    long retryDelayMillis() {
        return retryDelayMillis;
    }

    /**
     * A resolver configured from the environment: {@code HF_ENDPOINT} (default https://huggingface.co),
     * {@code HF_TOKEN}, {@code HF_HUB_CACHE}/{@code HF_HOME}/{@code XDG_CACHE_HOME}, {@code HF_HUB_OFFLINE}, and
     * {@code MODEL_COMPOSE_CACHE} (default {@code $XDG_CACHE_HOME/model-compose}, else {@code ~/.cache/model-compose})
     * for builtin models.
     */
    public static ModelResolver fromEnvironment(Map<String, String> environment) {
        String endpointText = CacheFolders.nonEmpty(environment.get("HF_ENDPOINT"));
        URI endpoint;
        try {
            endpoint = URI.create(endpointText == null ? DEFAULT_ENDPOINT : endpointText.replaceAll("/+$", ""));
            if (endpoint.getScheme() == null || endpoint.getHost() == null
                    || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ModelException("HF_ENDPOINT '" + endpointText + "' is not an http(s) URL "
                    + "(such as https://huggingface.co)");
        }
        String offlineText = CacheFolders.nonEmpty(environment.get("HF_HUB_OFFLINE"));
        boolean offline = offlineText != null && (offlineText.equals("1")
                || offlineText.equalsIgnoreCase("true") || offlineText.equalsIgnoreCase("yes")
                || offlineText.equalsIgnoreCase("on"));
        return new ModelResolver(endpoint, CacheFolders.nonEmpty(environment.get("HF_TOKEN")),
                CacheFolders.hubCache(environment), offline, CacheFolders.composeCache(environment), 500);
    }

    /** The Hub's base URL ({@code HF_ENDPOINT}). */
    public URI endpoint() {
        return endpoint;
    }

    /** The Hugging Face cache folder used when a source names none. */
    public Path hubCache() {
        return hubCache;
    }

    /** The model-compose cache folder (builtin models). */
    public Path composeCache() {
        return composeCache;
    }

    /** Whether {@code HF_HUB_OFFLINE} forbids downloads. */
    public boolean offline() {
        return offline;
    }

    /** The token from {@code HF_TOKEN}, or null. */
    String token() {
        return token;
    }

    /** The Hugging Face cache folder a source uses: its {@code cache_dir}, else {@link #hubCache()}. */
    public HubCache hubCacheFor(HubModelSource source) {
        return new HubCache(source.cacheDir() != null ? source.cacheDir() : hubCache);
    }

    /**
     * What the Hub says about a repository at a revision, without downloading: its commit, files and pipeline tag.
     *
     * @throws ModelException as {@link #resolve} does (gated, not found, unreachable)
     */
    public HubRepositoryInfo describe(HubModelSource source) {
        HubClient client = new HubClient(endpoint, source.token() != null ? source.token() : token);
        HubClient.RepoInfo info = client.repoInfo(source.repository(),
                source.revision() == null ? "main" : source.revision());
        return new HubRepositoryInfo(source.repository(), info.commit(), info.files(), info.pipelineTag());
    }

    /** The model's files on disk, downloading or extracting them first when needed. */
    public ResolvedModel resolve(ModelSource source, DownloadProgress progress) {
        DownloadProgress listener = progress == null ? DownloadProgress.NONE : progress;
        if (source instanceof LocalModelSource local) {
            return FormatDetection.resolve(local.path(), local.format(), local.describe());
        }
        if (source instanceof BuiltinModelSource builtin) {
            return BuiltinModels.extract(builtin.name(), composeCache);
        }
        HubModelSource hub = (HubModelSource) source;
        return new HubDownload(this, hub, listener).run();
    }
}
