package dev.modelcompose.drivers.remote;

import dev.modelcompose.engine.spi.vector.VectorStoreException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.function.Supplier;

/**
 * Runs an operation again, after 250 ms, 500 ms, 1 s, ..., while it fails because the server cannot be reached; then
 * fails with a message naming the host and port. Other failures pass through at once.
 */
public final class ConnectRetry {
    private static final long FIRST_DELAY_MS = 250;

    private final Vertx vertx;
    private final int retries;
    private final String prefix;
    private final String server;

    /**
     * @param prefix starts the final message, e.g. "vector store 'kb': "
     * @param server names the server in it, e.g. "PostgreSQL at 127.0.0.1:5432"
     */
    public ConnectRetry(Vertx vertx, int retries, String prefix, String server) {
        this.vertx = vertx;
        this.retries = retries;
        this.prefix = prefix;
        this.server = server;
    }

    /** Runs {@code operation}, again while it fails because the server cannot be reached. */
    public <T> Future<T> run(Supplier<Future<T>> operation) {
        Promise<T> promise = Promise.promise();
        attempt(operation, 0, promise);
        return promise.future();
    }

    private <T> void attempt(Supplier<Future<T>> operation, int done, Promise<T> promise) {
        operation.get().onComplete(result -> {
            if (result.succeeded()) {
                promise.complete(result.result());
                return;
            }
            Throwable failure = result.cause();
            if (!isUnreachable(failure)) {
                promise.fail(failure);
            } else if (done < retries) {
                vertx.setTimer(FIRST_DELAY_MS << done, id -> attempt(operation, done + 1, promise));
            } else {
                promise.fail(new VectorStoreException(prefix + "cannot reach " + server + " after " + (retries + 1)
                        + " attempts: " + reason(failure) + " (is the server running, and are host and port right?)",
                        failure));
            }
        });
    }

    /** Whether a failure means the server could not be reached (refused, unknown host, connect timeout). */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // Netty's message repeats the address: "Connection refused: /127.0.0.1:5999"
        int colon = message.indexOf(": /");
        return colon > 0 ? message.substring(0, colon) : message;
    }
}
