package dev.modelcompose.components.shell;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.modelcompose.components.TestCallContext.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A shell job that timed out while Vert.x closes (as when the CLI exits): no stack traces, no processes left. */
class ShellShutdownIT {
    @TempDir
    Path dir;

    @Test
    void timedOutProcessThatIgnoresTermIsKilledAfterVertxClosesWithoutErrors() throws Throwable {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Vertx vertx = Vertx.vertx();
            ComposeFixture fixture = ComposeFixture.load(dir, """
                    components:
                      - id: sh
                        type: shell
                        command: [sh, -c, "trap '' TERM; sleep 60; echo late"]
                        timeout: 300ms
                    workflow:
                      jobs:
                        - component: sh
                    """);
            Component shell = fixture.create("sh");
            ComponentSpec spec = fixture.spec("sh");
            Future<Object> call = shell.call(spec.action(null).orElseThrow(), Map.of(), new TestCallContext(vertx));
            assertThatThrownBy(() -> await(call)).hasMessage(
                    "command timed out after 300ms: sh -c trap '' TERM; sleep 60; echo late");
            List<ProcessHandle> tree = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("sleep 60")).toList();
            assertThat(tree).isNotEmpty();
            await(vertx.close());
            try {
                // they ignore SIGTERM: only the forcible kill after the grace ends them
                for (ProcessHandle process : tree) {
                    process.onExit().get(ProcessTree.GRACE_MILLIS + 8000, TimeUnit.MILLISECONDS);
                }
            } finally {
                tree.forEach(ProcessHandle::destroyForcibly);
            }
            Thread.sleep(200); // lets the exit callbacks run
        } finally {
            System.setErr(err);
            Thread.setDefaultUncaughtExceptionHandler(previous);
            root.removeHandler(handler);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
        assertThat(logged).isEmpty();
        assertThat(uncaught).isEmpty();
    }
}
