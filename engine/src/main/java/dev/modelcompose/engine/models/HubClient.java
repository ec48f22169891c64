package dev.modelcompose.engine.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.value.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Hugging Face Hub's HTTP API, as {@code huggingface_hub} uses it: {@code GET /api/models/{repo}/revision/{rev}}
 * for the commit and file list, {@code HEAD /{repo}/resolve/{rev}/{file}} for a file's ETag, size and download
 * location, and a plain (ranged) {@code GET} for its bytes. Blocking; errors are {@link ModelException}s that say
 * what to do.
 */
final class HubClient {
    private static final int MAX_REDIRECTS = 5;

    /** The Hub could not be reached, or failed on its side (5xx): the cache may stand in for it. */
    static final class Unreachable extends ModelException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A repository at one commit: its files, and the task the Hub files it under (null when none). */
    record RepoInfo(String commit, List<String> files, String pipelineTag) {
    }

    /**
     * What {@code HEAD .../resolve/...} says about a file.
     *
     * @param etag     the blob id: the LFS sha256 for large files, the git blob sha1 otherwise
     * @param size     bytes, -1 when unknown
     * @param commit   the commit the revision points at, null when not said
     * @param download where the bytes are (the CDN location for LFS files)
     */
    record FileMeta(String etag, long size, String commit, URI download) {
    }

    private final URI endpoint;
    private final String token;
    private final HttpClient http;

    HubClient(URI endpoint, String token) {
        this.endpoint = endpoint;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    RepoInfo repoInfo(String repository, String revision) {
        URI uri = URI.create(endpoint + "/api/models/" + repository + "/revision/" + encode(revision));
        HttpResponse<String> response = send(request(uri, true).GET().timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(), uri);
        if (response.statusCode() != 200) {
            throw error(response.statusCode(), response.headers().firstValue("X-Error-Code"), repository, revision,
                    null, uri);
        }
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            String commit = body.path("sha").asText(null);
            List<String> files = new ArrayList<>();
            for (JsonNode sibling : body.path("siblings")) {
                String name = sibling.path("rfilename").asText(null);
                if (name != null) {
                    files.add(name);
                }
            }
            if (commit == null || commit.isEmpty()) {
                throw new ModelException("the Hub at " + uri + " answered without a commit ('sha') for "
                        + repository + "@" + revision);
            }
            return new RepoInfo(commit, files, body.path("pipeline_tag").asText(null));
        } catch (IOException e) {
            throw new ModelException("the Hub at " + uri + " answered with something that is not JSON: "
                    + e.getMessage());
        }
    }

    FileMeta fileMeta(String repository, String revision, String file) {
        URI uri = resolveUri(repository, revision, file);
        String commit = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<Void> response = send(request(uri, sameHost(uri)).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.discarding(), uri);
            int status = response.statusCode();
            var headers = response.headers();
            commit = headers.firstValue("X-Repo-Commit").orElse(commit);
            Optional<String> linkedEtag = headers.firstValue("X-Linked-Etag");
            Optional<String> etagHeader = linkedEtag.or(() -> headers.firstValue("ETag"));
            Optional<String> location = headers.firstValue("Location");
            URI download = uri;
            if (status >= 300 && status < 400 && location.isPresent()) {
                URI next = uri.resolve(location.get());
                boolean relative = URI.create(location.get()).getHost() == null;
                if (linkedEtag.isEmpty() && (relative || etagHeader.isEmpty())) {
                    // a renamed repository or the Hub's own cache redirect: its headers are the ones that count
                    uri = next;
                    continue;
                }
                download = next; // an LFS file: its bytes are on the CDN
            } else if (status >= 300) {
                throw error(status, headers.firstValue("X-Error-Code"), repository, revision, file, uri);
            }
            String etag = etagHeader.map(HubClient::normaliseEtag).orElse(null);
            if (etag == null || etag.isEmpty()) {
                throw new ModelException("the Hub did not give an ETag for " + file + " of " + repository
                        + " (" + uri + "); is HF_ENDPOINT a Hugging Face Hub?");
            }
            long size = headers.firstValue("X-Linked-Size").or(() -> headers.firstValue("Content-Length"))
                    .map(HubClient::parseLong).orElse(-1L);
            return new FileMeta(etag, size, commit, download);
        }
        throw new ModelException("too many redirects for " + file + " of " + repository + " (" + uri + ")");
    }

    /**
     * Starts a download of {@code uri} from byte {@code from} on, following redirects (the token goes only to the
     * Hub's own host). The caller reads and closes the body.
     */
    HttpResponse<InputStream> open(URI uri, long from, String repository, String revision, String file) {
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder builder = request(uri, sameHost(uri)).GET().timeout(Duration.ofSeconds(60));
            if (from > 0) {
                builder.header("Range", "bytes=" + from + "-");
            }
            HttpResponse<InputStream> response = send(builder.build(), HttpResponse.BodyHandlers.ofInputStream(), uri);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                close(response);
                uri = uri.resolve(location.get());
                continue;
            }
            if (status == 200 || status == 206 || status == 416) {
                return response;
            }
            close(response);
            throw error(status, response.headers().firstValue("X-Error-Code"), repository, revision, file, uri);
        }
        throw new ModelException("too many redirects for " + file + " of " + repository + " (" + uri + ")");
    }

    URI resolveUri(String repository, String revision, String file) {
        StringBuilder path = new StringBuilder();
        for (String segment : file.split("/")) {
            path.append('/').append(encode(segment));
        }
        return URI.create(endpoint + "/" + repository + "/resolve/" + encode(revision) + path);
    }

    private HttpRequest.Builder request(URI uri, boolean withToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("User-Agent", "model-compose-jvm; hf_hub/compatible")
                .header("Accept-Encoding", "identity");
        if (withToken && token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private boolean sameHost(URI uri) {
        return endpoint.getHost().equalsIgnoreCase(uri.getHost()) && endpoint.getPort() == uri.getPort();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, URI uri) {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("the download was interrupted (" + uri + ")", e);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(uri, "the connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw unreachable(uri, "no answer within 60 s", e);
        } catch (ConnectException e) {
            throw unreachable(uri, "connection refused", e);
        } catch (UnresolvedAddressException e) {
            throw unreachable(uri, "unknown host " + uri.getHost(), new IOException(e));
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof UnresolvedAddressException ? e.getCause() : e;
            throw unreachable(uri, cause instanceof UnresolvedAddressException ? "unknown host " + uri.getHost()
                    : String.valueOf(e.getMessage()), e);
        }
    }

    private Unreachable unreachable(URI uri, String reason, Throwable cause) {
        return new Unreachable("cannot reach the Hugging Face Hub at " + uri + ": " + reason
                + " (check the network and HF_ENDPOINT; to use only the local cache, set local_files_only: true "
                + "or HF_HUB_OFFLINE=1)", cause);
    }

    private ModelException error(int status, Optional<String> errorCode, String repository, String revision,
                                 String file, URI uri) {
        String code = errorCode.orElse("");
        if (status == 401 || status == 403) {
            if (code.equals("RepoNotFound")) {
                return notFound(repository, revision, file, code, uri);
            }
            return new ModelException("model " + repository + " is gated or private (HTTP " + status + " from "
                    + uri + "): " + (token == null
                    ? "set HF_TOKEN or token: to a Hugging Face access token that may read it"
                    : "the token was refused; check HF_TOKEN or token:, and accept the model's terms on its Hub "
                    + "page"));
        }
        if (status == 404) {
            return notFound(repository, revision, file, code, uri);
        }
        if (status >= 500) {
            return new Unreachable("the Hugging Face Hub answered HTTP " + status + " for " + uri
                    + " (a problem on the Hub's side; try again later, or set local_files_only: true or "
                    + "HF_HUB_OFFLINE=1 to use the local cache)", null);
        }
        return new ModelException("the Hugging Face Hub answered HTTP " + status + " for " + uri);
    }

    private static ModelException notFound(String repository, String revision, String file, String code, URI uri) {
        if (code.equals("RepoNotFound")) {
            return new ModelException("repository " + repository + " not found on the Hub (" + uri + "); "
                    + "check the name, or set HF_TOKEN or token: if it is private");
        }
        if (code.equals("RevisionNotFound")) {
            return new ModelException("revision '" + revision + "' not found in repository " + repository
                    + " (" + uri + ")");
        }
        if (file == null) {
            return new ModelException("repository " + repository + " at revision '" + revision + "' not found on "
                    + "the Hub (" + uri + "); check the name and revision, or set HF_TOKEN or token: if it is private");
        }
        return new ModelException("file '" + file + "' not found in repository " + repository + " at revision "
                + revision + " (" + uri + ")");
    }

    static String normaliseEtag(String etag) {
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection goes back or away either way
        }
    }
}
