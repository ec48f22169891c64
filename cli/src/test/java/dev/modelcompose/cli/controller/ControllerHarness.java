package dev.modelcompose.cli.controller;

import dev.modelcompose.engine.controller.ControllerServer;
import dev.modelcompose.engine.controller.ControllerSettings;
import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.spi.ComponentTypes;
import io.vertx.core.Vertx;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real controller on 127.0.0.1 (any free port) serving one compose file, and an HTTP client for it. */
final class ControllerHarness implements AutoCloseable {
    final Vertx vertx;
    final ComposeRuntime runtime;
    final ControllerServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    private ControllerHarness(Vertx vertx, ComposeRuntime runtime, ControllerServer server, String base) {
        this.vertx = vertx;
        this.runtime = runtime;
        this.server = server;
        this.base = base;
    }

    static ControllerHarness start(Path dir, String yaml) throws Exception {
        return start(dir, yaml, ComponentTypes.discover());
    }

    static ControllerHarness start(Path dir, String yaml, ComponentTypes types) throws Exception {
        Path file = dir.resolve("compose.yml");
        Files.writeString(file, yaml);
        ComposeFile compose = new ComposeLoader(types).load(LoadOptions.of(file, Map.of(
                "PATH", System.getenv("PATH"), "SECRET_TOKEN", "s3cr3t-value")));
        ControllerSettings settings = ControllerSettings.read(compose.controller()).withPort(0);
        Vertx vertx = Vertx.vertx();
        ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(compose, types));
        ControllerServer server = new ControllerServer(vertx, runtime, settings);
        int port = runtime.start().compose(v -> server.start()).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return new ControllerHarness(vertx, runtime, server, "http://127.0.0.1:" + port + settings.basePath());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST with only the headers given (no Content-Type unless named). */
    HttpResponse<String> postAsIs(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<InputStream> postStreaming(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<InputStream> getStreaming(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Override
    public void close() throws Exception {
        try {
            server.shutdown().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            runtime.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
