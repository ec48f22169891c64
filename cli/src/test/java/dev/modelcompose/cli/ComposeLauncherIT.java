package dev.modelcompose.cli;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the built distribution ({@code target/compose-cli.jar}, made by {@code package}) as a real process, the way
 * {@code ./compose} does. Runs in the integration-test phase (failsafe), after package.
 */
class ComposeLauncherIT {
    private static final Path JAR = Path.of("target/compose-cli.jar").toAbsolutePath();
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Vertx vertx;
    private static HttpServer quotes;

    @TempDir
    Path dir;

    @BeforeAll
    static void startQuotesApi() throws Exception {
        vertx = Vertx.vertx();
        quotes = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/v1/quotes/today")) {
                request.response().putHeader("content-type", "application/json").end("""
                        {"date": "2026-11-22", "quote": {"text": "Simplicity is prerequisite for reliability.",
                         "author": "Edsger W. Dijkstra"}}""");
            } else if (request.path().equals("/unavailable")) {
                request.response().setStatusCode(503).end("{\"error\":\"try later\"}");
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopQuotesApi() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String quotesUrl() {
        return "http://127.0.0.1:" + quotes.actualPort();
    }

    @Test
    void versionComesFromTheBuild() throws Exception {
        Result result = compose("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("compose \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }

    @Test
    void helloGreetsAndQuotes() throws Exception {
        Result result = compose("run", "-f", "examples/hello/compose.yml", "--input", "{\"name\":\"Ada\"}",
                "-e", "QUOTES_URL=" + quotesUrl());
        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                {
                  "greeting": "Hello, Ada!",
                  "quote": "Simplicity is prerequisite for reliability.",
                  "author": "Edsger W. Dijkstra"
                }
                """);
    }

    @Test
    void inputAndMetadataComeFromFilesRelativeToTheCurrentFolder() throws Exception {
        write("compose.yml", """
                components:
                  - id: say
                    type: shell
                    action:
                      command: [echo, "${input.text} by ${context.metadata.user}"]
                      output: ${result.stdout}
                workflows:
                  - id: main
                    jobs:
                      - id: say
                        component: say
                """);
        write("input.json", "{\"text\": \"written\"}");
        write("meta.json", "{\"user\": \"ada\"}");
        Result result = composeIn(dir, "run", "--input", "@input.json", "--metadata", "@meta.json");
        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("\"written by ada\"\n");
    }

    @Test
    void helloValidates() throws Exception {
        Result result = compose("validate", "-f", "examples/hello/compose.yml");
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEqualTo("examples/hello/compose.yml is valid: 2 components, 1 workflow\n");
    }

    @Test
    void jobFlowRoutesLoopsAndFallsBack() throws Exception {
        Result result = compose("run", "-f", "examples/job-flow/compose.yml",
                "--input", "{\"words\":[\"red\",\"green\"],\"volume\":7,\"language\":\"fr\"}");
        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                {
                  "words": [
                    "red!",
                    "green!"
                  ],
                  "volume": "LOUD",
                  "greeting": "Bonjour !",
                  "fallback": "command timed out after 200ms: sleep 5"
                }
                """);
    }

    @Test
    void aFailedJobIsOneLineAndExitOne() throws Exception {
        Path file = write("failing.yml", """
                components:
                  - id: api
                    type: http-client
                    base_url: %s
                    action: { method: GET, path: /unavailable }
                workflows:
                  - id: main
                    jobs:
                      - id: fetch
                        component: api
                """.formatted(quotesUrl()));
        Result result = compose("run", "-f", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: job 'fetch' failed: ").contains("503").doesNotContain("\tat ");
    }

    @Test
    void anInvalidFileExitsTwo() throws Exception {
        Path file = write("bad.yml", """
                workflows:
                  - id: main
                    jobs:
                      - id: a
                        type: delay
                        duration: 1ms
                        depend_on: [b]
                """);
        Result result = compose("validate", "-f", file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(file + ":7:9").contains("did you mean 'depends_on'?");
    }

    @Test
    void ctrlCCancelsTheRunStopsTheProcessAndExits130() throws Exception {
        Path file = write("slow.yml", """
                components:
                  - id: wait
                    type: shell
                    action: { command: [sleep, "60"] }
                workflows:
                  - id: main
                    jobs:
                      - id: nap
                        component: wait
                """);
        Process process = start("run", "-f", file.toString());
        ProcessHandle sleeper = awaitChild(process, "sleep");
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGINT").isTrue();
        assertThat(process.exitValue()).isEqualTo(130);
        assertThat(sleeper.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void streamChunksArePrintedAsTheyArriveAndCtrlCStopsTheStream() throws Exception {
        Path file = write("stream.yml", """
                components:
                  - id: ticker
                    type: shell
                    action:
                      command: [sh, -c, "echo first; echo second; exec sleep 60"]
                      streaming: true
                workflows:
                  - id: main
                    jobs:
                      - id: tick
                        component: ticker
                """);
        Process process = start("run", "-f", file.toString());
        var lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // both lines arrive while the command still runs: printed per chunk, not at the end
        assertThat(lines.readLine()).isEqualTo("first");
        assertThat(lines.readLine()).isEqualTo("second");
        ProcessHandle sleeper = awaitChild(process, "sleep");
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGINT").isTrue();
        assertThat(process.exitValue()).isEqualTo(130);
        assertThat(sleeper.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void aClosedStdoutStopsTheStreamAndItsProcess() throws Exception {
        Path file = write("ticker.yml", """
                components:
                  - id: ticker
                    type: shell
                    action:
                      command: [sh, -c, "while true; do echo tick; sleep 0.05; done"]
                      streaming: true
                workflows:
                  - id: main
                    jobs:
                      - id: tick
                        component: ticker
                """);
        Process process = start("run", "-f", file.toString());
        var lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("tick");
        ProcessHandle shell = process.children().findFirst().orElseThrow();
        lines.close();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after stdout closed").isTrue();
        assertThat(process.exitValue()).isEqualTo(141);
        assertThat(shell.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static ProcessHandle awaitChild(Process process, String command) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = process.descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/" + command)).orElse(false))
                    .findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            assertThat(process.isAlive()).as("compose still running").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + command + "' process started");
    }

    private static Process start(String... args) throws IOException {
        return startIn(ROOT, args);
    }

    private static Process startIn(Path workingDir, String... args) throws IOException {
        assumeTrue(Files.isRegularFile(JAR), "target/compose-cli.jar is not built: run `mvn package` (or verify)");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workingDir.toFile()).start();
    }

    private static Result compose(String... args) throws Exception {
        return composeIn(ROOT, args);
    }

    private static Result composeIn(Path workingDir, String... args) throws Exception {
        Process process = startIn(workingDir, args);
        process.getOutputStream().close();
        var out = process.getInputStream();
        var err = process.getErrorStream();
        var errText = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(err));
        String outText = readAll(out);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("compose exited").isTrue();
        return new Result(process.exitValue(), outText, errText.get(10, TimeUnit.SECONDS));
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Result(int exitCode, String out, String err) {
    }
}
