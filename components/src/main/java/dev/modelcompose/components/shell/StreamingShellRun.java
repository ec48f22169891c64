package dev.modelcompose.components.shell;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.value.ChunkPublisher;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a command with {@code streaming: true}: a fragmented stream of its stdout lines (newline kept), each delivered
 * as soon as the line is complete. A worker thread reads the pipe; chunks reach the consumer on the caller's context.
 * Stderr is discarded; a non-zero exit ends the stream normally.
 */
final class StreamingShellRun {
    private final ShellCommand command;
    private final CallContext context;
    private final Context home;
    private final ChunkPublisher lines = new ChunkPublisher(true);
    private final AtomicBoolean stopped = new AtomicBoolean();

    StreamingShellRun(ShellCommand command, CallContext context, Context home) {
        this.command = command;
        this.context = context;
        this.home = home;
    }

    Future<Object> start() {
        return context.executeBlocking(() -> command.start(ProcessBuilder.Redirect.PIPE,
                ProcessBuilder.Redirect.DISCARD)).map(process -> {
                    watch(process);
                    return lines;
                });
    }

    private void watch(Process process) {
        long timer = command.timeout() == null ? -1 : context.vertx().setTimer(command.timeout().toMillis(),
                id -> stop(process, new ComponentCallException(command.timeoutMessage())));
        context.cancellation().onCancel(() -> stop(process, new CancellationException(context.cancellation().reason())));
        lines.onCancel(() -> stop(process, null));
        context.executeBlocking(() -> {
            pump(process);
            return null;
        }).onComplete(done -> {
            if (timer >= 0) {
                context.vertx().cancelTimer(timer);
            }
            onHome(() -> {
                if (done.failed() && !stopped.get()) {
                    lines.fail(new ComponentCallException("reading the output of '" + command.argv().get(0)
                            + "' failed: " + done.cause().getMessage(), done.cause()));
                } else {
                    lines.end();
                }
            });
        });
    }

    /** Reads stdout to its end, emitting each line (with its newline) as it completes. */
    private void pump(Process process) throws IOException, InterruptedException {
        try (Reader reader = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            StringBuilder line = new StringBuilder();
            int read;
            while (!stopped.get() && (read = reader.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    line.append(buffer[i]);
                    if (buffer[i] == '\n') {
                        emit(line.toString());
                        line.setLength(0);
                    }
                }
            }
            if (line.length() > 0 && !stopped.get()) {
                emit(line.toString());
            }
        } catch (IOException e) {
            if (!stopped.get()) {
                throw e;
            }
        }
        process.waitFor();
    }

    /** Runs on the call's context; once the runtime has closed nobody listens, so nothing is left to tell. */
    private void onHome(Runnable action) {
        try {
            home.runOnContext(v -> action.run());
        } catch (RejectedExecutionException closed) {
            stopped.set(true);
        }
    }

    private void emit(String line) {
        onHome(() -> lines.emit(line));
    }

    /** Kills the process; {@code why} (timeout, cancellation) fails the stream, null when the consumer cancelled. */
    private void stop(Process process, Throwable why) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        ProcessTree.kill(process);
        if (why != null) {
            onHome(() -> lines.fail(why));
        }
    }
}
