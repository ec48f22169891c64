package dev.modelcompose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compose run} with an {@code http-server} component: the server is started for the run (install, start,
 * readiness), answers the workflow, and is gone when run returns. The server is a single-file Java program that
 * speaks the OpenAI chat shape.
 */
class RunWithManagedServerIT {
    private static final Path SERVER = Path.of("../components/src/test/resources/httpserver/FakeChatServer.java")
            .toAbsolutePath().normalize();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @TempDir
    Path dir;

    private String compose(int port, String... extra) {
        StringBuilder start = new StringBuilder("[\"" + JAVA + "\", \"" + SERVER + "\", \"" + port
                + "\", --pid-file, server.pid");
        for (String word : extra) {
            start.append(", \"").append(word).append('"');
        }
        return """
                components:
                  - id: chat
                    type: http-server
                    port: %d
                    manage: { start: %s] }
                    health: { path: /health, interval: 100ms }
                    action:
                      path: /v1/chat/completions
                      body: { stream: true, messages: [ { role: user, content: "${input.prompt as text}" } ] }
                      stream_format: json
                      output: ${response[].choices[0].delta.content}
                workflow:
                  job: { component: chat, input: "${input}", output: "${output as stream/text}" }
                """.formatted(port, start);
    }

    @Test
    void runStartsTheServerForTheWorkflowAndStopsItAfterwards() throws Exception {
        int port = freePort();
        Files.writeString(dir.resolve("compose.yml"), compose(port));

        CliRun run = CliRun.execute(dir, "run", "--input", "{\"prompt\":\"hi\"}");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().replace("\n", "")).isEqualTo("Hello world");
        long pid = Long.parseLong(Files.readString(dir.resolve("server.pid")).trim());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.readString(dir.resolve(".compose/logs/chat.log"))).contains("chat request");
    }

    @Test
    void aServerThatCannotStartFailsTheRunWithItsLog() throws Exception {
        int port = freePort();
        Files.writeString(dir.resolve("compose.yml"), compose(port, "--exit", "1"));

        CliRun run = CliRun.execute(dir, "run", "--input", "{\"prompt\":\"hi\"}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("server 'chat' exited with code 1 before it was ready on :" + port)
                .contains("  error: model weights not found");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
