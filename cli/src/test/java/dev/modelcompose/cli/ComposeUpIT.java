package dev.modelcompose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.modelcompose.engine.value.Json;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compose up -d --wait}, {@code ps}, {@code logs}, {@code down} and a foreground {@code up} stopped by SIGTERM,
 * as real processes of the built jar; no process is left behind. Runs in the integration-test phase, after package.
 */
class ComposeUpIT {
    private static final Path JAR = Path.of("target/compose-cli.jar").toAbsolutePath();
    private static final String FILE = """
            controller:
              shutdown_timeout: 1s
            components:
              - id: sleeper
                type: shell
                action:
                  command: [bash, -c, "echo $$$$ > ${input.file}; exec sleep 60"]
                  output: ${result.stdout}
              - id: echo
                type: shell
                action:
                  command: [echo, "${input.text}"]
                  output: ${result.stdout}
            workflows:
              - id: sleep
                jobs:
                  - component: sleeper
                    input: ${input}
              - id: echo
                jobs:
                  - component: echo
                    input: ${input}
            """;

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void upDetachedServesUntilDownStopsItAndItsProcesses() throws Exception {
        Files.writeString(dir.resolve("compose.yml"), FILE);
        Result up = compose("up", "-d", "--wait", "--port", "0");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).startsWith("compose: up and healthy (pid ");
        long pid = Long.parseLong(Files.readString(dir.resolve(".compose/compose.pid")).trim());
        Map<String, Object> state = json(Files.readString(dir.resolve(".compose/compose.json")));
        String api = (String) state.get("api");
        assertThat(get(api + "/health").statusCode()).isEqualTo(200);

        Result again = compose("up", "-d");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: compose is already running for this file (pid " + pid
                + "); stop it with: compose down\n");

        Result ps = compose("ps");
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        assertThat(ps.out()).contains("COMPONENT  TYPE   STATE  PORT  PID  UPTIME\n")
                .contains("sleeper    shell  ready  -     -    -\n").contains("WORKFLOWS: sleep, echo\n");

        Path pidFile = dir.resolve("sleep.pid");
        HttpResponse<String> run = post(api + "/workflows/runs", "{\"workflow_id\":\"sleep\",\"input\":{\"file\":\""
                + pidFile + "\"},\"wait_for_completion\":false}");
        assertThat(run.statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long sleeper = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(sleeper)).isPresent();

        Result logs = compose("logs", "compose");
        assertThat(logs.out()).contains("compose: serving the API on " + api);

        Result down = compose("down", "--timeout", "20");
        assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
        assertThat(down.out()).isEqualTo("compose: stopping pid " + pid + " ...\ncompose: stopped\n");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false)).as("the run's sleep")
                .isFalse();
        assertThat(dir.resolve(".compose/compose.pid")).doesNotExist();
        assertThat(dir.resolve(".compose/compose.json")).doesNotExist();

        Result downAgain = compose("down");
        assertThat(downAgain.exitCode()).isZero();
        assertThat(downAgain.out()).startsWith("compose: not running");
        assertThat(compose("ps").exitCode()).isEqualTo(1);
    }

    @Test
    void foregroundUpStopsCleanlyOnSigterm() throws Exception {
        Files.writeString(dir.resolve("compose.yml"), FILE);
        Path output = dir.resolve("up.out");
        Process process = start(output, "up", "--port", "0");
        try {
            Path stateFile = dir.resolve(".compose/compose.json");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(stateFile) && System.nanoTime() < deadline && process.isAlive()) {
                Thread.sleep(20);
            }
            String api = (String) json(Files.readString(stateFile)).get("api");
            HttpResponse<String> echo = post(api + "/workflows/runs",
                    "{\"workflow_id\":\"echo\",\"input\":{\"text\":\"hi\"},\"output_only\":true}");
            assertThat(echo.body()).isEqualTo("\"hi\"");
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(out).contains("compose: serving the API on " + api).contains("compose: shutting down");
            assertThat(stateFile).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    private Process start(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    private Result compose(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("compose %s ended", List.of(args)).isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Exception {
        return (Map<String, Object>) Json.parse(text);
    }

    private record Result(int exitCode, String out, String err) {
    }
}
