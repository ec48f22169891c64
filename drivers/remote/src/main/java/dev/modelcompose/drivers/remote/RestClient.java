package dev.modelcompose.drivers.remote;

import dev.modelcompose.engine.spi.vector.VectorStoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON over HTTP to one server, retried while it cannot be reached. A non-2xx answer fails with
 * {@link StatusException}; {@link #explain} words it for users.
 */
public final class RestClient {
    private final WebClient client;
    private final RestSettings settings;
    private final Map<String, String> headers;
    private final ConnectRetry retry;
    private final String server;
    private final String where;

    /**
     * @param product the server's name in messages ("Qdrant")
     * @param headers sent with every request (authentication)
     */
    public RestClient(Vertx vertx, RestSettings settings, String componentId, String product,
                      Map<String, String> headers) {
        this.settings = settings;
        this.headers = headers;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(settings.host())
                .setDefaultPort(settings.port()).setSsl(settings.https()).setConnectTimeout(settings.timeoutMs())
                .setUserAgent("model-compose-jvm"));
        this.server = product + " at " + settings.hostAndPort();
        this.where = "vector store '" + componentId + "'";
        this.retry = new ConnectRetry(vertx, settings.retries(), where + ": ", server);
    }

    /** A non-2xx answer. */
    public static final class StatusException extends RuntimeException {
        private final int status;
        private final String request;
        private final String body;

        StatusException(int status, String request, String body) {
            super(status + " to " + request + ": " + body, null, false, false);
            this.status = status;
            this.request = request;
            this.body = body;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }

        /** The answer's body as text. */
        public String body() {
            return body;
        }
    }

    /** Sends {@code body} (null: none) as JSON; the answer's JSON (null when empty). */
    public Future<Object> call(HttpMethod method, String path, Object body) {
        String fullPath = settings.basePath() + path;
        String request = method + " " + fullPath;
        return retry.run(() -> {
            HttpRequest<Buffer> http = client.request(method, fullPath).timeout(settings.timeoutMs());
            headers.forEach(http::putHeader);
            Future<HttpResponse<Buffer>> sent = body == null ? http.send()
                    : http.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(Json.encode(body)));
            return sent.compose(response -> {
                String text = response.body() == null ? "" : response.body().toString();
                if (response.statusCode() / 100 != 2) {
                    return Future.failedFuture(new StatusException(response.statusCode(), request, text));
                }
                return Future.succeededFuture(text.isBlank() ? null : Json.decodeValue(text));
            });
        });
    }

    /** A failure as the user sees it: status errors name the server, the request and the server's own message. */
    public Throwable explain(Throwable failure) {
        if (failure instanceof VectorStoreException) {
            return failure;
        }
        if (failure instanceof StatusException status) {
            String message = serverMessage(status.body);
            if (status.status == 401 || status.status == 403) {
                return new VectorStoreException(where + ": " + server + " refused the request (" + status.status
                        + ": " + message + "); check api_key");
            }
            return new VectorStoreException(where + ": " + server + " answered " + status.status + " to "
                    + status.request + ": " + message);
        }
        return new VectorStoreException(where + ": " + server + ": " + failure.getMessage(), failure);
    }

    /** The error text inside a JSON error body ({"status":{"error":...}}, {"error":...,"message":...}), else the body. */
    private static String serverMessage(String body) {
        try {
            Object decoded = Json.decodeValue(body);
            if (decoded instanceof JsonObject json) {
                if (json.getValue("status") instanceof JsonObject status && status.getString("error") != null) {
                    return status.getString("error");
                }
                if (json.getValue("message") != null) {
                    return json.getValue("message").toString();
                }
                if (json.getValue("error") != null) {
                    return json.getValue("error").toString();
                }
                if (json.getValue("detail") != null) {
                    return json.getValue("detail").toString();
                }
            }
        } catch (RuntimeException ignored) {
            // not JSON
        }
        return body.isBlank() ? "(no message)" : body;
    }

    /** host:port, for messages. */
    public String server() {
        return settings.hostAndPort();
    }

    /** A name as one URL path segment. */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Closes the HTTP client. */
    public Future<Void> close() {
        client.close();
        return Future.succeededFuture();
    }
}
