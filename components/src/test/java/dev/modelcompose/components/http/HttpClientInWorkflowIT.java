package dev.modelcompose.components.http;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.modelcompose.components.TestCallContext.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shell and http-client jobs wired together and run by the engine's real runtime against a local server. */
class HttpClientInWorkflowIT {
    private static Vertx vertx;
    private static TestApiServer server;
    private static String base;

    @TempDir
    Path dir;

    @TempDir
    static Path uploads;

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = new TestApiServer(vertx, uploads);
        base = "http://127.0.0.1:" + server.start();
    }

    @AfterAll
    static void stopServer() throws Throwable {
        server.stop();
        await(vertx.close());
    }

    private Object run(String yaml, Object input) throws Throwable {
        ComposeFixture fixture = ComposeFixture.load(dir, yaml.replace("BASE", base));
        ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(fixture.file(),
                ComposeFixture.TYPES));
        await(runtime.start());
        try {
            return await(runtime.run(null, input, RunOptions.defaults()));
        } finally {
            await(runtime.stop());
        }
    }

    @Test
    void shellOutputIsPostedAsJsonAndTheResponseFeedsTheWorkflowOutput() throws Throwable {
        Object output = run("""
                components:
                  - id: list
                    type: shell
                    command: [sh, -c, "echo '{\\"files\\": [\\"a.txt\\", \\"b.txt\\"]}'"]
                    output: ${result.stdout as json}
                  - id: api
                    type: http-client
                    base_url: BASE
                    action:
                      path: /report
                      headers: {X-A: "${input.user}"}
                      body: {files: "${input.files}", count: "${input.files | []}"}
                workflow:
                  jobs:
                    - id: list
                      component: list
                    - id: post
                      component: api
                      input: {files: "${jobs.list.output.files}", user: "${input.user}"}
                  output:
                    sent: ${jobs.post.output.body as json}
                    who: ${jobs.post.output.headers.x-a}
                """, Map.of("user", "ada"));
        assertThat(output).isEqualTo(Map.of(
                "sent", Map.of("files", java.util.List.of("a.txt", "b.txt"), "count", java.util.List.of("a.txt",
                        "b.txt")),
                "who", "ada"));
    }

    @Test
    void anEventStreamFlowsIntoTheWorkflowOutputAndIsJoined() throws Throwable {
        server.releaseSse.tryComplete();
        Object output = run("""
                component:
                  type: http-client
                  base_url: BASE
                  path: /sse
                  stream_format: json
                  output: ${response[].choices[0].delta.content}
                workflow:
                  job:
                    component: __default__
                  output:
                    text: ${jobs.__job__.output}
                """, Map.of());
        assertThat(output).isEqualTo(Map.of("text", "Hello"));
    }

    @Test
    void aFailingRequestFailsTheRunWithTheRequestsMessage() {
        assertThatThrownBy(() -> run("""
                component:
                  type: http-client
                  endpoint: BASE/status/500
                workflow:
                  job:
                    component: __default__
                """, Map.of()))
                .hasMessageContaining("POST " + base + "/status/500 failed with status 500: no such thing");
    }
}
