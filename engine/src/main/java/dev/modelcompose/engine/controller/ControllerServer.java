package dev.modelcompose.engine.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import dev.modelcompose.engine.runtime.Ulid;
import dev.modelcompose.engine.runtime.WorkflowFailure;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ManagedProcessInfo;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;
import dev.modelcompose.engine.value.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The controller of {@code compose up}: the HTTP API under {@code base_path} (workflows, runs, tasks, health,
 * {@code _compose/ps}), server-sent events for streamed outputs and task events, and the web page. Runs go through
 * {@code max_concurrent_count}; {@link #shutdown()} drains them.
 */
public final class ControllerServer {
    static final String WEBUI_ROOT = "dev/modelcompose/engine/webui";
    /** Where multipart uploads wait until the run request reads them (each is deleted once read). */
    private static final String UPLOADS_DIRECTORY =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "model-compose-uploads").toString();
    private static final Set<String> SECRET_HEADERS = Set.of();

    private final Vertx vertx;
    private final ComposeRuntime runtime;
    private final ControllerSettings settings;
    private final Map<String, WorkflowSchema> schemas;
    private final TaskStore tasks;
    private final RunQueue queue;
    private final SecretRedactor redactor;
    private final byte[] apiKey;
    private final Instant startedAt = Instant.now();
    private final List<HttpServer> servers = new ArrayList<>();
    private volatile boolean shuttingDown;
    private long expiryTimer = -1;
    private int apiPort;
    private int webUiPort = -1;

    public ControllerServer(Vertx vertx, ComposeRuntime runtime, ControllerSettings settings) {
        this.vertx = vertx;
        this.runtime = runtime;
        this.settings = settings;
        this.schemas = new SchemaInference(runtime.compiled()).publicSchemas();
        this.tasks = new TaskStore(settings.taskRetention().toMillis(), settings.maxTaskCount());
        this.queue = new RunQueue(settings.maxConcurrentCount());
        this.redactor = new SecretRedactor(runtime.environment(), settings.apiKey());
        this.apiKey = settings.apiKey() == null || settings.apiKey().isEmpty() ? null
                : settings.apiKey().getBytes(StandardCharsets.UTF_8);
    }

    /** Listens on the API port (and the web page's port when it has its own); completes with the API port. */
    public Future<Integer> start() {
        boolean pageOnApi = settings.webUiPort() == ControllerSettings.WEBUI_SAME_PORT;
        Router apiRouter = router(pageOnApi);
        Future<HttpServer> api = listen(apiRouter, settings.port());
        long every = Math.max(1000, Math.min(60_000, settings.taskRetention().toMillis() / 4));
        expiryTimer = vertx.setPeriodic(every, id -> tasks.expire(System.currentTimeMillis()));
        return api.compose(server -> {
            apiPort = server.actualPort();
            if (settings.webUiPort() < 0) {
                webUiPort = pageOnApi ? apiPort : -1;
                return Future.succeededFuture(apiPort);
            }
            return listen(router(true), settings.webUiPort()).map(page -> {
                webUiPort = page.actualPort();
                return apiPort;
            });
        });
    }

    private Future<HttpServer> listen(Router router, int port) {
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(port)
                .setCompressionSupported(false).setTcpNoDelay(true).setIdleTimeout(0);
        return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(servers::add);
    }

    public int port() {
        return apiPort;
    }

    /** The web page's port (the API port when it is served there), or -1 when there is none. */
    public int webUiPort() {
        return webUiPort;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /**
     * Stops taking runs ({@code /health} says {@code shutting_down}, new runs get 503), waits for running tasks up to
     * {@code shutdown_timeout}, cancels the rest, then closes the servers. Components are left to the caller.
     */
    public Future<Void> shutdown() {
        shuttingDown = true;
        Promise<Void> drained = Promise.promise();
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        waitForTasks(deadline, drained, false);
        return drained.future().compose(v -> {
            if (expiryTimer >= 0) {
                vertx.cancelTimer(expiryTimer);
            }
            List<Future<Void>> closes = new ArrayList<>();
            servers.forEach(server -> closes.add(server.close()));
            return Future.join(closes).mapEmpty();
        });
    }

    private void waitForTasks(long deadline, Promise<Void> drained, boolean cancelled) {
        List<Task> running = new ArrayList<>();
        tasks.all().forEach(task -> {
            if (!task.isFinished()) {
                running.add(task);
            }
        });
        if (running.isEmpty()) {
            drained.tryComplete();
            return;
        }
        long now = System.nanoTime();
        if (now >= deadline) {
            if (!cancelled) {
                running.forEach(task -> task.cancel("the server is shutting down"));
                long grace = now + Duration.ofSeconds(3).toNanos();
                vertx.setTimer(20, id -> waitForTasks(grace, drained, true));
            } else {
                drained.tryComplete();
            }
            return;
        }
        vertx.setTimer(20, id -> waitForTasks(deadline, drained, cancelled));
    }

    // ---- routes ----------------------------------------------------------------------------------------------

    private Router router(boolean withPage) {
        Router router = Router.router(vertx);
        String base = settings.basePath();
        if (!settings.origins().isEmpty()) {
            CorsHandler cors = CorsHandler.create().allowedMethod(HttpMethod.GET).allowedMethod(HttpMethod.POST)
                    .allowedHeader("Authorization").allowedHeader("Content-Type").allowedHeader("X-API-Key")
                    .allowedHeader("Accept");
            if (settings.origins().contains("*")) {
                cors.addOrigin("*");
            } else {
                cors.addOrigins(settings.origins());
            }
            router.route().handler(cors);
        }
        router.get(base + "/health").handler(this::health);
        if (apiKey != null) {
            router.route(base + "/*").handler(this::authorise);
        }
        router.get(base + "/workflows").handler(this::workflows);
        router.get(base + "/workflows/:id/schema").handler(this::schema);
        router.get(base + "/workflows/:id/graph").handler(this::graph);
        router.post(base + "/workflows/runs").handler(BodyHandler.create(true).setBodyLimit(settings.maxBodySize())
                        .setUploadsDirectory(UPLOADS_DIRECTORY).setDeleteUploadedFilesOnEnd(true))
                .handler(this::runWorkflow);
        router.get(base + "/tasks/:id").handler(this::task);
        router.get(base + "/tasks/:id/events").handler(this::taskEvents);
        router.post(base + "/tasks/:id/cancel").handler(BodyHandler.create(false).setBodyLimit(settings.maxBodySize()))
                .handler(this::cancelTask);
        router.get(base + "/_compose/ps").handler(this::ps);
        if (withPage) {
            router.get("/config.json").handler(ctx -> json(ctx, 200, Map.of("api_base", base.isEmpty() ? "" : base)));
            router.route("/*").handler(StaticHandler.create(WEBUI_ROOT).setCachingEnabled(false)
                    .setDirectoryListing(false).setIndexPage("index.html"));
        }
        router.route().failureHandler(this::failure);
        router.errorHandler(404, ctx -> error(ctx, ApiError.notFound("No route " + ctx.request().method() + " "
                + ctx.request().path() + ".")));
        router.errorHandler(405, ctx -> error(ctx, new ApiError(405, "method_not_allowed", "Method "
                + ctx.request().method() + " is not allowed on " + ctx.request().path() + ".")));
        return router;
    }

    private void failure(RoutingContext ctx) {
        Throwable cause = ctx.failure();
        if (cause instanceof ApiError apiError) {
            error(ctx, apiError);
        } else if (ctx.statusCode() == 413) {
            error(ctx, new ApiError(413, "payload_too_large",
                    "The request body is larger than the limit of " + settings.maxBodySize() + " bytes."));
        } else if (ctx.statusCode() == 401) {
            error(ctx, new ApiError(401, "unauthorized", "Missing or wrong API key (send Authorization: Bearer <key>)."));
        } else if (ctx.statusCode() == 403) {
            error(ctx, new ApiError(403, "forbidden", "Origin not allowed."));
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            error(ctx, new ApiError(ctx.statusCode(), "bad_request", "Bad request."));
        } else {
            String message = cause == null ? "internal error" : redactor.redact(String.valueOf(cause.getMessage()));
            error(ctx, new ApiError(500, "internal", "Internal error: " + message));
        }
    }

    private void authorise(RoutingContext ctx) {
        String given = ctx.request().getHeader("Authorization");
        String token = null;
        if (given != null && given.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = given.substring(7).trim();
        } else if (ctx.request().getHeader("X-API-Key") != null) {
            token = ctx.request().getHeader("X-API-Key").trim();
        }
        if (token != null && MessageDigest.isEqual(apiKey, token.getBytes(StandardCharsets.UTF_8))) {
            ctx.next();
            return;
        }
        error(ctx, new ApiError(401, "unauthorized", "Missing or wrong API key (send Authorization: Bearer <key>)."));
    }

    private void health(RoutingContext ctx) {
        if (shuttingDown) {
            json(ctx, 503, Map.of("status", "shutting_down"));
        } else {
            json(ctx, 200, Map.of("status", "ok"));
        }
    }

    private void workflows(RoutingContext ctx) {
        boolean full = "true".equalsIgnoreCase(ctx.request().getParam("include_schema"));
        List<Object> list = new ArrayList<>();
        schemas.values().forEach(s -> list.add(full ? s.toJson() : s.summary()));
        json(ctx, 200, list);
    }

    private void schema(RoutingContext ctx) {
        json(ctx, 200, requireSchema(ctx.pathParam("id")).toJson());
    }

    private void graph(RoutingContext ctx) {
        json(ctx, 200, requireSchema(ctx.pathParam("id")).graphJson());
    }

    private WorkflowSchema requireSchema(String id) {
        WorkflowSchema schema = schemas.get(id);
        if (schema == null) {
            throw ApiError.notFound("Workflow '" + id + "' not found.");
        }
        return schema;
    }

    private WorkflowSchema schemaFor(String id) {
        if (id == null || id.equals("__default__")) {
            WorkflowSchema only = null;
            for (WorkflowSchema s : schemas.values()) {
                if (s.isDefault()) {
                    return s;
                }
                only = only == null ? s : only;
            }
            if (schemas.size() == 1) {
                return only;
            }
            throw ApiError.notFound("No default workflow: name one with workflow_id ("
                    + String.join(", ", schemas.keySet()) + ").");
        }
        return requireSchema(id);
    }

    // ---- runs ------------------------------------------------------------------------------------------------

    private void runWorkflow(RoutingContext ctx) {
        if (shuttingDown) {
            throw ApiError.shuttingDown();
        }
        String mediaType = requireRunContentType(ctx);
        if (mediaType.equals("multipart/form-data")) {
            multipartBody(ctx).onComplete(result -> {
                if (result.failed()) {
                    ctx.fail(result.cause());
                    return;
                }
                try {
                    startRun(ctx, result.result());
                } catch (RuntimeException e) {
                    ctx.fail(e);
                }
            });
        } else if (mediaType.equals("application/x-www-form-urlencoded") && !looksLikeJson(ctx)) {
            startRun(ctx, FormBody.parseUrlEncoded(ctx.body() == null ? "" : ctx.body().asString()));
        } else {
            startRun(ctx, jsonBody(ctx));
        }
    }

    @SuppressWarnings("unchecked")
    private void startRun(RoutingContext ctx, Map<String, Object> body) {
        String workflowId = optionalText(body, "workflow_id");
        Object input = body.get("input");
        boolean wait = flag(body, "wait_for_completion", true);
        boolean outputOnly = flag(body, "output_only", false);
        Object metadata = body.get("metadata");
        if (metadata != null && !(metadata instanceof Map)) {
            throw ApiError.badRequest("metadata: expected an object, got " + Json.write(metadata));
        }
        if (outputOnly && !wait) {
            throw ApiError.badRequest("output_only: true needs wait_for_completion: true.");
        }
        WorkflowSchema schema = schemaFor(workflowId);
        InputCheck.check(schema, input);
        Task task = new Task(Ulid.next(), schema.workflowId(), (Map<String, Object>) metadata);
        tasks.add(task);
        Context context = vertx.getOrCreateContext();
        boolean streamToClient = wait && outputOnly;
        if (wait) {
            HttpServerResponse response = ctx.response();
            response.closeHandler(v -> {
                if (!task.isFinished()) {
                    task.cancel("the client disconnected");
                }
            });
            task.whenFinished(() -> context.runOnContext(v -> respondFinished(ctx, task, outputOnly)));
        }
        queue.submit(() -> execute(task, input, streamToClient ? ctx : null, context));
        if (!wait) {
            json(ctx, 200, task.toJson());
        }
    }

    private void execute(Task task, Object input, RoutingContext streamTo, Context context) {
        if (!task.begin()) {
            queue.release();
            return;
        }
        task.whenFinished(queue::release);
        RunOptions options = new RunOptions(task.id, task.metadata, task.cancellation, task);
        Future<Object> run;
        try {
            run = runtime.run(task.workflowId, input, options);
        } catch (RuntimeException error) {
            run = Future.failedFuture(error);
        }
        run.onComplete(outcome -> {
            if (outcome.succeeded()) {
                Object output = outcome.result();
                if (output instanceof ChunkStream stream) {
                    task.streaming(stream);
                    if (streamTo != null) {
                        context.runOnContext(v -> streamToClient(streamTo, task, stream, context));
                    } else {
                        consume(task, stream);
                    }
                } else {
                    task.complete(output);
                }
            } else if (task.cancellation.isCancelled()) {
                task.cancelled(redactor.redact(task.cancellation.reason()));
            } else {
                task.fail(failureOf(outcome.cause()));
            }
        });
    }

    private ApiError failureOf(Throwable cause) {
        String jobId = cause instanceof WorkflowFailure failure ? failure.jobId() : null;
        String message = cause == null ? "the run failed" : String.valueOf(cause.getMessage());
        for (Throwable c = cause; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof dev.modelcompose.engine.spi.ServiceUnavailable) {
                return new ApiError(503, "service_unavailable", redactor.redact(message), jobId);
            }
        }
        return new ApiError(500, "workflow_failed", redactor.redact(message), jobId);
    }

    /** A streamed output nobody reads over HTTP: the task reads it, tells watchers each chunk, keeps the whole. */
    private void consume(Task task, ChunkStream stream) {
        List<Object> chunks = new ArrayList<>();
        stream.subscribe(new ChunkSubscriber() {
            @Override
            public void onChunk(Object chunk) {
                if (chunk != null) {
                    chunks.add(chunk);
                    task.chunk(chunk);
                }
            }

            @Override
            public void onError(Throwable error) {
                if (task.cancellation.isCancelled()) {
                    task.cancelled(redactor.redact(task.cancellation.reason()));
                } else {
                    task.fail(failureOf(error));
                }
            }

            @Override
            public void onEnd() {
                task.complete(Task.joined(stream.fragmented(), chunks));
            }
        });
    }

    /** {@code output_only} with a streamed output: {@code text/event-stream}, one event per chunk as it comes. */
    private void streamToClient(RoutingContext ctx, Task task, ChunkStream stream, Context context) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || task.isFinished()) {
            stream.cancel();
            task.cancel("the client disconnected");
            return;
        }
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no")
                .putHeader("X-Task-Id", task.id);
        response.writeHead();
        List<Object> chunks = new ArrayList<>();
        stream.subscribe(new ChunkSubscriber() {
            @Override
            public void onChunk(Object chunk) {
                if (chunk == null) {
                    return;
                }
                chunks.add(chunk);
                String event = EventStreamFormat.chunk(chunk);
                context.runOnContext(v -> {
                    if (!response.closed() && !response.ended()) {
                        response.write(event);
                    }
                });
                task.chunk(chunk);
            }

            @Override
            public void onError(Throwable error) {
                ApiError failure = task.cancellation.isCancelled() ? null : failureOf(error);
                context.runOnContext(v -> {
                    if (!response.closed() && !response.ended()) {
                        if (failure != null) {
                            response.write(EventStreamFormat.named("error", failure.toJson().get("error")));
                        }
                        response.end();
                    }
                });
                if (failure == null) {
                    task.cancelled(redactor.redact(task.cancellation.reason()));
                } else {
                    task.fail(failure);
                }
            }

            @Override
            public void onEnd() {
                context.runOnContext(v -> {
                    if (!response.closed() && !response.ended()) {
                        response.end();
                    }
                });
                task.complete(Task.joined(stream.fragmented(), chunks));
            }
        });
    }

    private void respondFinished(RoutingContext ctx, Task task, boolean outputOnly) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended() || response.headWritten()) {
            return;
        }
        if (!outputOnly) {
            json(ctx, 200, task.toJson());
            return;
        }
        respondOutput(ctx, task);
    }

    /** The {@code output_only} answer of a task: the output, or its error with the matching status. */
    private void respondOutput(RoutingContext ctx, Task task) {
        String status = task.status();
        switch (status) {
            case Task.COMPLETED -> {
                Object output = task.output();
                if (output instanceof byte[] bytes) {
                    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/octet-stream")
                            .end(Buffer.buffer(bytes));
                } else {
                    json(ctx, 200, output);
                }
            }
            case Task.FAILED -> error(ctx, task.error());
            // as model-compose: 409 with the task state, whose "error" says why it was cancelled
            case Task.CANCELLED -> json(ctx, 409, task.toJson());
            default -> json(ctx, 202, task.toJson());
        }
    }

    // ---- tasks -----------------------------------------------------------------------------------------------

    private Task requireTask(String id) {
        Task task = tasks.get(id);
        if (task == null) {
            throw ApiError.notFound("Task '" + id + "' not found.");
        }
        return task;
    }

    private void task(RoutingContext ctx) {
        Task task = requireTask(ctx.pathParam("id"));
        if ("true".equalsIgnoreCase(ctx.request().getParam("output_only"))) {
            respondOutput(ctx, task);
        } else {
            json(ctx, 200, task.toJson());
        }
    }

    private void cancelTask(RoutingContext ctx) {
        Task task = requireTask(ctx.pathParam("id"));
        if (!task.cancel("cancelled by request")) {
            throw new ApiError(409, "task_finished", "Task '" + task.id + "' has already finished ("
                    + task.status() + ").");
        }
        Context context = vertx.getOrCreateContext();
        long timer = vertx.setTimer(2000, id -> json(ctx, 200, task.toJson()));
        task.whenFinished(() -> context.runOnContext(v -> {
            if (vertx.cancelTimer(timer)) {
                json(ctx, 200, task.toJson());
            }
        }));
    }

    private void taskEvents(RoutingContext ctx) {
        Task task = requireTask(ctx.pathParam("id"));
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        response.writeHead();
        Context context = vertx.getOrCreateContext();
        Task.Watcher watcher = new Task.Watcher() {
            @Override
            public void onEvent(String name, Object data) {
                String event = EventStreamFormat.named(name, data);
                context.runOnContext(v -> {
                    if (!response.closed() && !response.ended()) {
                        response.write(event);
                    }
                });
            }

            @Override
            public void onEnd() {
                context.runOnContext(v -> {
                    if (!response.closed() && !response.ended()) {
                        response.end();
                    }
                });
            }
        };
        response.closeHandler(v -> task.unwatch(watcher));
        task.watch(watcher);
    }

    // ---- ps --------------------------------------------------------------------------------------------------

    private void ps(RoutingContext ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pid", ProcessHandle.current().pid());
        body.put("started_at", startedAt.toString());
        body.put("uptime_s", Duration.between(startedAt, Instant.now()).toSeconds());
        body.put("api", "http://" + settings.host() + ":" + apiPort + settings.basePath());
        if (webUiPort > 0) {
            body.put("webui", "http://" + settings.host() + ":" + webUiPort + "/");
        }
        body.put("status", shuttingDown ? "shutting_down" : "ok");
        List<Object> components = new ArrayList<>();
        for (Map.Entry<String, Component> entry : runtime.compiled().components().entrySet()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", entry.getKey());
            item.put("type", entry.getValue().spec().type());
            ManagedProcessInfo info = entry.getValue().processInfo().orElse(null);
            if (info == null) {
                item.put("state", "ready");
            } else {
                item.put("state", info.state());
                item.put("port", info.port());
                item.put("pid", info.pid());
                item.put("uptime_s", info.startedAt() == null ? null
                        : Duration.between(info.startedAt(), Instant.now()).toSeconds());
                item.put("restarts", info.restarts());
                item.put("log", info.logFile() == null ? null : info.logFile().toString());
            }
            components.add(item);
        }
        body.put("components", components);
        body.put("workflows", new ArrayList<>(schemas.keySet()));
        int unfinished = 0;
        for (Task task : tasks.all()) {
            unfinished += task.isFinished() ? 0 : 1;
        }
        body.put("tasks", Map.of("unfinished", unfinished, "running", queue.active(), "kept", tasks.size()));
        json(ctx, 200, body);
    }

    // ---- bodies ----------------------------------------------------------------------------------------------

    /**
     * A run body must say what it is, as model-compose requires: JSON, a urlencoded form (curl -d's type; a body
     * that starts with '{' is read as JSON all the same) or multipart/form-data. Returns the media type.
     */
    private static String requireRunContentType(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || type.isBlank()) {
            throw ApiError.badRequest("Missing or empty Content-Type header (send Content-Type: application/json).");
        }
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")
                && !mediaType.equals("application/x-www-form-urlencoded")
                && !mediaType.equals("multipart/form-data")) {
            throw ApiError.badRequest("Unsupported Content-Type '" + mediaType
                    + "' (send Content-Type: application/json).");
        }
        return mediaType;
    }

    private static boolean looksLikeJson(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        return text != null && text.stripLeading().startsWith("{");
    }

    /**
     * The fields and uploads of a multipart body. Each uploaded file becomes the object
     * {@code {"filename", "content_type", "size", "data": base64}} at its field's path; its temp file is deleted
     * once read.
     */
    private Future<Map<String, Object>> multipartBody(RoutingContext ctx) {
        FormBody form = new FormBody();
        try {
            for (Map.Entry<String, String> field : ctx.request().formAttributes()) {
                form.put(field.getKey(), field.getValue());
            }
        } catch (RuntimeException e) {
            deleteUploads(ctx.fileUploads());
            return Future.failedFuture(e);
        }
        List<FileUpload> uploads = List.copyOf(ctx.fileUploads());
        List<Future<Buffer>> reads = new ArrayList<>();
        for (FileUpload upload : uploads) {
            reads.add(vertx.fileSystem().readFile(upload.uploadedFileName()));
        }
        return Future.join(reads).transform(done -> deleteUploads(uploads).transform(deleted -> {
            if (done.failed()) {
                return Future.<Map<String, Object>>failedFuture(done.cause());
            }
            try {
                for (int i = 0; i < uploads.size(); i++) {
                    FileUpload upload = uploads.get(i);
                    Map<String, Object> file = new LinkedHashMap<>();
                    file.put("filename", upload.fileName());
                    file.put("content_type", upload.contentType());
                    file.put("size", upload.size());
                    file.put("data", Base64.getEncoder().encodeToString(reads.get(i).result().getBytes()));
                    form.put(upload.name(), file);
                }
                return Future.<Map<String, Object>>succeededFuture(form.toMap());
            } catch (RuntimeException e) {
                return Future.<Map<String, Object>>failedFuture(e);
            }
        }));
    }

    private Future<?> deleteUploads(List<FileUpload> uploads) {
        List<Future<Void>> deletes = new ArrayList<>();
        for (FileUpload upload : uploads) {
            deletes.add(vertx.fileSystem().delete(upload.uploadedFileName()));
        }
        return Future.join(deletes);
    }

    @SuppressWarnings("unchecked")

    private static Map<String, Object> jsonBody(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("The request body is empty: send a JSON object such as "
                    + "{\"workflow_id\": \"...\", \"input\": {...}}.");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw ApiError.badRequest("The request body is not valid JSON (line " + line + ", column " + column
                    + "): " + firstLine(detail));
        }
        if (!(parsed instanceof Map)) {
            throw ApiError.badRequest("The request body must be a JSON object, got " + Json.write(parsed) + ".");
        }
        return (Map<String, Object>) parsed;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static String optionalText(Map<String, Object> body, String key) {
        Object value = body.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiError.badRequest(key + ": expected a string, got " + Json.write(value));
        }
        return s;
    }

    private static boolean flag(Map<String, Object> body, String key, boolean fallback) {
        Object value = body.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw ApiError.badRequest(key + ": expected true or false, got " + Json.write(value));
        }
        return b;
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(body));
    }

    private void error(RoutingContext ctx, ApiError error) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        json(ctx, error.status(), error.toJson());
    }
}
