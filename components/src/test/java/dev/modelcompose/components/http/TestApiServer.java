package dev.modelcompose.components.http;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on 127.0.0.1 (random port) with the endpoints the http-client tests call. */
final class TestApiServer {
    private final Vertx vertx;
    private HttpServer server;
    /** Completed by a test to let {@code /sse} send its remaining events. */
    volatile Promise<Void> releaseSse = Promise.promise();
    /** Completed when a {@code /hang} request arrives, and when its connection closes. */
    volatile Promise<Void> hangArrived = Promise.promise();
    volatile Promise<Void> hangClosed = Promise.promise();
    final List<Long> tickNanos = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

    /** Where each multipart upload was stored (the files are deleted when their request ends). */
    final List<Path> uploadedFiles = new CopyOnWriteArrayList<>();
    private final Path uploads;

    /** {@code uploads} receives multipart uploads: a JUnit temporary folder, never the working tree. */
    TestApiServer(Vertx vertx, Path uploads) {
        this.vertx = vertx;
        this.uploads = uploads;
    }

    int start() throws Exception {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setUploadsDirectory(uploads.toString())
                .setDeleteUploadedFilesOnEnd(true));
        router.route("/status/:code").handler(this::status);
        router.get("/text").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("plain text"));
        router.get("/bytes").handler(ctx -> ctx.response().putHeader("Content-Type", "application/octet-stream")
                .end(io.vertx.core.buffer.Buffer.buffer(new byte[] {1, 2, 3})));
        router.get("/not-json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end("{oops"));
        router.route("/sse").handler(this::sse);
        router.get("/moved").handler(ctx -> ctx.redirect("/echo/new-place"));
        router.route("/ndjson").handler(ctx -> {
            HttpServerResponse response = ctx.response().setChunked(true)
                    .putHeader("Content-Type", "application/x-ndjson");
            response.write("{\"n\":1}\n\n{\"n\":");
            vertx.setTimer(20, id -> response.end("2}\r\n{\"n\":3}"));
        });
        router.route("/hang").handler(ctx -> {
            ctx.request().connection().closeHandler(v -> hangClosed.tryComplete());
            hangArrived.tryComplete();
        });
        router.post("/jobs").handler(ctx -> ctx.json(new JsonObject().put("id",
                ctx.body().asJsonObject().getString("kind"))));
        router.get("/jobs/:id").handler(this::job);
        router.route("/tick").handler(ctx -> {
            tickNanos.add(System.nanoTime());
            ctx.json(new JsonObject());
        });
        router.route().handler(this::echo);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
        return server.actualPort();
    }

    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }

    /** Answers with what it received: method, path, raw query, some headers, raw body, form attributes. */
    private void echo(RoutingContext ctx) {
        JsonObject headers = new JsonObject();
        for (String name : List.of("content-type", "user-agent", "x-a", "x-b", "x-c")) {
            if (ctx.request().getHeader(name) != null) {
                headers.put(name, ctx.request().getHeader(name));
            }
        }
        JsonObject form = new JsonObject();
        ctx.request().formAttributes().forEach(entry -> form.put(entry.getKey(), entry.getValue()));
        JsonObject files = new JsonObject();
        ctx.fileUploads().forEach(upload -> {
            uploadedFiles.add(Path.of(upload.uploadedFileName()));
            files.put(upload.name(), vertx.fileSystem().readFileBlocking(upload.uploadedFileName()).length());
        });
        ctx.json(new JsonObject().put("method", ctx.request().method().name()).put("path", ctx.request().path())
                .put("query", ctx.request().query()).put("headers", headers)
                .put("body", ctx.body().length() == 0 ? null : ctx.body().asString())
                .put("form", form).put("files", files));
    }

    private void status(RoutingContext ctx) {
        int code = Integer.parseInt(ctx.pathParam("code"));
        String length = ctx.request().getParam("len");
        String body = length == null ? "no such thing" : "0123456789".repeat(Integer.parseInt(length) / 10);
        ctx.response().setStatusCode(code).putHeader("Content-Type", "text/plain").end(body);
    }

    private void sse(RoutingContext ctx) {
        Context context = vertx.getOrCreateContext();
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream");
        response.write(": a comment\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n");
        releaseSse.future().onComplete(released -> context.runOnContext(v -> response.end(
                "event: message\nid: 2\ndata: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\r\n\r\n"
                        + "data: line one\ndata: line two\n\n"
                        + "data: [DONE]\n\n")));
    }

    /** {@code /jobs/ok}: running twice, then done; {@code /jobs/bad}: failed; {@code /jobs/slow}: running forever. */
    private void job(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        int count = polls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        String status = switch (id) {
            case "ok" -> count < 3 ? "running" : "done";
            case "bad" -> "failed";
            case "code" -> count < 2 ? "wait" : "ready";
            default -> "running";
        };
        if (id.equals("code")) {
            ctx.response().setStatusCode(count < 2 ? 202 : 200).end(status);
            return;
        }
        ctx.json(new JsonObject().put("status", status).put("value", 42).put("polls", count));
    }
}
