package dev.modelcompose.components.http;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Sends one request and reads its response without blocking. Status 400 and above fails with the method, URL, status
 * and the first 500 bytes of the body. {@code text/event-stream} and JSON-lines responses become a stream whose
 * chunks flow as they arrive. The timeout covers the whole exchange, or for a stream the wait for the response head
 * and then each wait for more data. Redirects are followed as Vert.x does (GET and HEAD; 303 turns into GET).
 * Cancellation resets the request.
 */
final class HttpExchange {
    static final int ERROR_BODY_LIMIT = 500;

    /**
     * How to treat the response.
     *
     * @param format       null: SSE chunks as text, JSON lines parsed
     * @param fragmented   whether stream chunks are pieces of one value
     * @param failOnStatus false for polls that match the status code themselves
     */
    record Handling(StreamFormat format, boolean fragmented, boolean failOnStatus) {
    }

    private final HttpClient client;
    private final HttpRequestPlan plan;
    private final Handling handling;
    private final CallContext context;
    private final Vertx vertx;
    private final Promise<HttpReply> reply = Promise.promise();
    private HttpClientRequest request;
    private ChunkPublisher stream;
    private long timer = -1;

    HttpExchange(HttpClient client, HttpRequestPlan plan, Handling handling, CallContext context) {
        this.client = client;
        this.plan = plan;
        this.handling = handling;
        this.context = context;
        this.vertx = context.vertx();
    }

    Future<HttpReply> send() {
        armTimer("timed out after " + timeoutText());
        context.cancellation().onCancel(() -> abort(new CancellationException(context.cancellation().reason())));
        RequestOptions options = new RequestOptions().setMethod(plan.method()).setAbsoluteURI(plan.uri())
                .setHeaders(plan.headers()).setFollowRedirects(true);
        if (plan.timeout() != null) {
            options.setConnectTimeout(plan.timeout().toMillis() + 1000);
        }
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                fail(created.cause());
                return;
            }
            HttpClientRequest sending = created.result();
            if (!attach(sending)) {
                sending.reset();
                return;
            }
            plan.body().sendWith(sending).onComplete(response -> {
                if (response.failed()) {
                    fail(response.cause());
                } else {
                    receive(response.result());
                }
            });
        });
        return reply.future();
    }

    private synchronized boolean attach(HttpClientRequest sending) {
        if (reply.future().isComplete()) {
            return false;
        }
        request = sending;
        return true;
    }

    private void receive(HttpClientResponse response) {
        if (reply.future().isComplete()) {
            response.request().reset();
            return;
        }
        int status = response.statusCode();
        String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE);
        String type = MediaType.of(contentType);
        if (status >= 400 && handling.failOnStatus()) {
            response.body().onComplete(body -> {
                String text = body.succeeded() ? firstBytes(body.result()) : "";
                finish(new ComponentCallException(plan.describe() + " failed with status " + status
                        + (text.isEmpty() ? "" : ": " + text)));
            });
            return;
        }
        if (MediaType.isEventStream(type) || MediaType.isJsonLines(type)) {
            stream(response, status, type);
            return;
        }
        response.body().onComplete(body -> {
            if (body.failed()) {
                fail(body.cause());
                return;
            }
            try {
                Object decoded = decode(body.result(), type, contentType);
                cancelTimer();
                reply.tryComplete(new HttpReply(status, type, decoded));
            } catch (RuntimeException e) {
                finish(e);
            }
        });
    }

    private void stream(HttpClientResponse response, int status, String type) {
        boolean events = MediaType.isEventStream(type);
        StreamFormat format = handling.format() != null ? handling.format()
                : events ? StreamFormat.TEXT : StreamFormat.JSON;
        ChunkPublisher chunks = new ChunkPublisher(handling.fragmented());
        synchronized (this) {
            stream = chunks;
        }
        Consumer<String> emit = data -> chunks.emit(format.decode(data));
        EventStreamParser eventParser = events ? new EventStreamParser(emit) : null;
        LineSplitter lineParser = events ? null : new LineSplitter(line -> {
            if (!line.isBlank()) {
                emit.accept(line);
            }
        });
        String idle = "no data for " + timeoutText();
        response.handler(buffer -> {
            armTimer(idle);
            byte[] bytes = buffer.getBytes();
            if (events) {
                eventParser.feed(bytes);
            } else {
                lineParser.feed(bytes);
            }
        });
        response.exceptionHandler(this::fail);
        response.endHandler(end -> {
            cancelTimer();
            if (events) {
                eventParser.finish();
            } else {
                lineParser.finish();
            }
            chunks.end();
        });
        chunks.onCancel(() -> {
            cancelTimer();
            response.request().reset();
        });
        armTimer(idle);
        reply.tryComplete(new HttpReply(status, type, chunks));
    }

    private Object decode(Buffer body, String type, String contentType) {
        if (MediaType.isJson(type)) {
            if (body.length() == 0) {
                return null;
            }
            try {
                return Json.parse(body.toString(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new ComponentCallException(plan.describe() + " returned invalid JSON: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (type.startsWith("text/")) {
            return body.toString(MediaType.charset(contentType));
        }
        return body.length() == 0 ? null : body.getBytes();
    }

    private static String firstBytes(Buffer body) {
        byte[] bytes = body.getBytes();
        byte[] head = bytes.length > ERROR_BODY_LIMIT ? Arrays.copyOf(bytes, ERROR_BODY_LIMIT) : bytes;
        return new String(head, StandardCharsets.UTF_8);
    }

    /** A transport failure: connection refused, a host that does not resolve, reset. */
    private void fail(Throwable error) {
        finish(new ComponentCallException(plan.describe() + " failed: " + reason(error), error));
    }

    private String reason(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("refused")) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException) {
                return "cannot resolve host '" + URI.create(plan.url()).getHost() + "'";
            }
        }
        return String.valueOf(error.getMessage());
    }

    /** Fails the reply, or the stream once the reply was given; resets the request. */
    private void finish(Throwable error) {
        cancelTimer();
        if (!reply.tryFail(error)) {
            ChunkPublisher chunks;
            synchronized (this) {
                chunks = stream;
            }
            if (chunks != null) {
                chunks.fail(error);
            }
        }
    }

    private void abort(Throwable error) {
        finish(error);
        HttpClientRequest sent;
        synchronized (this) {
            sent = request;
        }
        if (sent != null) {
            sent.reset();
        }
    }

    private synchronized void armTimer(String message) {
        if (plan.timeout() == null) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timer = vertx.setTimer(plan.timeout().toMillis(),
                id -> abort(new ComponentCallException(plan.describe() + " failed: " + message)));
    }

    private synchronized void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private String timeoutText() {
        return plan.timeout() == null ? "" : Durations.format(plan.timeout());
    }
}
