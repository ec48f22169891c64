package dev.modelcompose.components.shell;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.spi.CallContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a command to its end and gives {@code {stdout, stderr, exit_code}}. Output goes to temporary files, so no
 * thread waits on the process while it runs; a non-zero exit code is a result, not an error.
 */
final class ShellRun {
    private final ShellCommand command;
    private final CallContext context;
    private final Context home;
    private final Promise<Object> result = Promise.promise();

    ShellRun(ShellCommand command, CallContext context, Context home) {
        this.command = command;
        this.context = context;
        this.home = home;
    }

    Future<Object> start() {
        context.executeBlocking(this::launch).onComplete(started -> {
            if (started.failed()) {
                result.tryFail(started.cause());
            } else {
                watch(started.result());
            }
        });
        return result.future();
    }

    private record Launched(Process process, Path stdout, Path stderr) {
    }

    private Launched launch() throws IOException {
        Path stdout = Files.createTempFile("compose-shell-", ".out");
        Path stderr = Files.createTempFile("compose-shell-", ".err");
        try {
            Process process = command.start(ProcessBuilder.Redirect.to(stdout.toFile()),
                    ProcessBuilder.Redirect.to(stderr.toFile()));
            return new Launched(process, stdout, stderr);
        } catch (RuntimeException e) {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            throw e;
        }
    }

    private void watch(Launched launched) {
        Process process = launched.process();
        long timer = command.timeout() == null ? -1 : context.vertx().setTimer(command.timeout().toMillis(), id -> {
            if (result.tryFail(new ComponentCallException(command.timeoutMessage()))) {
                ProcessTree.kill(process);
            }
        });
        context.cancellation().onCancel(() -> {
            if (result.tryFail(new CancellationException(context.cancellation().reason()))) {
                ProcessTree.kill(process);
            }
        });
        process.onExit().whenComplete((done, error) -> {
            if (result.future().isComplete()) {
                // timed out or cancelled: nobody waits for the output, and the runtime may have closed meanwhile
                if (timer >= 0) {
                    context.vertx().cancelTimer(timer);
                }
                deleteOutputFiles(launched);
                return;
            }
            try {
                home.runOnContext(v -> {
                    if (timer >= 0) {
                        context.vertx().cancelTimer(timer);
                    }
                    context.executeBlocking(() -> collect(launched)).onComplete(collected -> {
                        if (collected.succeeded()) {
                            result.tryComplete(collected.result());
                        } else {
                            result.tryFail(collected.cause());
                        }
                    });
                });
            } catch (RejectedExecutionException closed) {
                deleteOutputFiles(launched);
                result.tryFail(new ComponentCallException("'" + command.argv().get(0)
                        + "' ended after the runtime was closed"));
            }
        });
    }

    private static void deleteOutputFiles(Launched launched) {
        try {
            Files.deleteIfExists(launched.stdout());
            Files.deleteIfExists(launched.stderr());
        } catch (IOException e) {
            // a temporary file left behind is not worth failing over
        }
    }

    private Object collect(Launched launched) {
        try {
            if (result.future().isComplete()) {
                return null;
            }
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("stdout", read(launched.stdout()));
            output.put("stderr", read(launched.stderr()));
            output.put("exit_code", launched.process().exitValue());
            return output;
        } finally {
            deleteOutputFiles(launched);
        }
    }

    private static String read(Path file) {
        try {
            return stripTrailingNewlines(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
