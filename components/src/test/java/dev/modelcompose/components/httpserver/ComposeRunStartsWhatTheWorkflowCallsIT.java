package dev.modelcompose.components.httpserver;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.modelcompose.components.httpserver.ServerFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code compose run} starts the managed servers its workflow calls, not the others. */
class ComposeRunStartsWhatTheWorkflowCallsIT {
    @TempDir
    Path dir;

    @Test
    void onlyTheServersTheWorkflowCallsAreStarted() throws Exception {
        String yaml = """
                components:
                  - id: used
                    type: shell
                    command: [echo, hi]
                  - id: unused
                    type: http-server
                    port: 9
                    start: [sh, -c, "echo started > unused-started; exit 1"]
                    action: {path: /x}
                workflows:
                  - id: main
                    job: {component: used}
                  - id: other
                    job: {component: unused}
                """;
        Vertx vertx = Vertx.vertx();
        try {
            ComposeRuntime runtime = new ComposeRuntime(vertx,
                    CompiledCompose.compile(ComposeFixture.load(dir, yaml).file(), ComposeFixture.TYPES));
            await(runtime.startFor("main"));
            assertThat(dir.resolve("unused-started")).doesNotExist();
            await(runtime.stop());

            assertThatThrownBy(() -> await(runtime.startFor("other"))).hasMessageContaining(
                    "server 'unused' exited with code 1 before it was ready on :9");
            assertThat(Files.readString(dir.resolve("unused-started"))).isEqualTo("started\n");
            await(runtime.stop());
        } finally {
            await(vertx.close());
        }
    }
}
