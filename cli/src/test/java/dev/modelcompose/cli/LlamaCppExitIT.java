package dev.modelcompose.cli;

import dev.modelcompose.drivers.llamacpp.TinyGguf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * java-llama.cpp leaves a non-daemon native thread behind once a model is closed: {@code compose run} with a
 * llamacpp model must still end promptly, after its output and after Ctrl-C, and {@code compose up} after
 * {@code compose down}. Each case runs the CLI in a child JVM
 * (the test class path) on a generated tiny GGUF.
 */
class LlamaCppExitIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void model() {
        TinyGguf.write(dir.resolve("tiny.gguf"));
    }

    private static Path composeFile(String name, String action) throws IOException {
        return Files.writeString(dir.resolve(name), """
                components:
                  - id: writer
                    type: model
                    task: text-generation
                    driver: llamacpp
                    model: { provider: local, path: ./tiny.gguf, format: gguf }
                    options: { n_ctx: 512, n_threads: 2 }
                    action:
                %s
                workflows:
                  - id: main
                    jobs:
                      - id: write
                        component: writer
                        input: ${input}
                """.formatted(action.indent(6).stripTrailing()));
    }

    @Test
    void runPrintsTheGeneratedTextAndExitsWithinTwoSeconds() throws Exception {
        Path file = composeFile("run.yml", """
                prompt: ${input.prompt}
                max_output_length: 16
                params: { seed: 7, temperature: 0.8 }
                output: ${result}""");
        Process process = start("run", "-f", file.toString(), "--input", "{\"prompt\": \"Once upon a time\"}");
        CompletableFuture<String> err = drain(process.getErrorStream());
        BufferedReader out = reader(process);
        String line = out.readLine();
        long printed = System.nanoTime();
        assertThat(line).as("stderr: %s", err.getNow("")).matches("\"[a-z ]{4,}\"");
        assertThat(process.waitFor(2, TimeUnit.SECONDS)).as("exited within 2 s of its output").isTrue();
        assertThat(process.exitValue()).as("stderr: %s", err.get()).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - printed)).isLessThan(2000);
    }

    @Test
    void streamedTokensArePrintedAsTheyComeAndCtrlCStopsGenerationAndExits() throws Exception {
        Path file = composeFile("stream.yml", """
                prompt: ${input.prompt}
                max_output_length: 1000000
                streaming: true
                output: ${result[]}""");
        Process process = start("run", "-f", file.toString(), "--input", "{\"prompt\": \"Once\"}");
        CompletableFuture<String> err = drain(process.getErrorStream());
        var in = process.getInputStream();
        byte[] first = new byte[8];
        int read = in.readNBytes(first, 0, first.length);
        assertThat(read).as("stderr: %s", err.getNow("")).isEqualTo(8);
        assertThat(process.isAlive()).as("still generating").isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        long interrupted = System.nanoTime();
        drain(in);
        assertThat(process.waitFor(2, TimeUnit.SECONDS)).as("exited within 2 s of Ctrl-C").isTrue();
        assertThat(process.exitValue()).isEqualTo(130);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interrupted)).isLessThan(2000);
    }

    @Test
    void aModelErrorIsOneLineAndTheProcessExits() throws Exception {
        Files.write(dir.resolve("broken.gguf"), java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("tiny.gguf")),
                4000));
        Path file = Files.writeString(dir.resolve("broken.yml"), """
                components:
                  - id: writer
                    type: model
                    task: text-generation
                    model: { provider: local, path: ./broken.gguf, format: gguf }
                    action: { prompt: "${input.prompt}", output: "${result}" }
                workflows:
                  - id: main
                    jobs:
                      - id: write
                        component: writer
                        input: ${input}
                """);
        Process process = start("run", "-f", file.toString(), "--input", "{\"prompt\": \"Hi\"}");
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(err.get()).contains("broken.gguf is truncated: it ends inside its GGUF header "
                + "(4000 bytes); download it again").doesNotContain("\tat ");
        assertThat(out.get()).isEmpty();
    }

    @Test
    void upServesTheModelAndEndsWithinTwoSecondsOfDown() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("up"));
        Files.writeString(folder.resolve("compose.yml"), """
                controller:
                  shutdown_timeout: 1s
                components:
                  - id: writer
                    type: model
                    task: text-generation
                    model: { provider: local, path: ../tiny.gguf, format: gguf }
                    options: { n_ctx: 512, n_threads: 2 }
                    action: { prompt: "${input.prompt}", max_output_length: 12, output: "${result}" }
                  - id: streamer
                    type: model
                    task: text-generation
                    model: { provider: local, path: ../tiny.gguf, format: gguf }
                    options: { n_ctx: 512, n_threads: 2 }
                    action:
                      prompt: ${input.prompt}
                      max_output_length: 1000000
                      streaming: true
                      output: ${result[]}
                workflows:
                  - id: main
                    jobs:
                      - component: writer
                        input: ${input}
                  - id: stream
                    jobs:
                      - component: streamer
                        input: ${input}
                        output: ${output as stream/text}
                """);
        Path log = folder.resolve("up.log");
        Process up = startIn(folder, log, "up", "--port", "0");
        try {
            Path state = folder.resolve(".compose/compose.json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(state) && System.nanoTime() < deadline && up.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(state).as(Files.exists(log) ? Files.readString(log) : "").exists();
            String api = (String) ((java.util.Map<?, ?>) dev.modelcompose.engine.value.Json.parse(
                    Files.readString(state))).get("api");
            java.net.http.HttpResponse<String> reply = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + "/workflows/runs"))
                            .timeout(java.time.Duration.ofSeconds(30)).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"workflow_id\":\"main\",\"input\":{\"prompt\":\"Hi\"},\"output_only\":true}"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(reply.body()).matches("\"[a-z ]+\"");
            assertSseStreamsTokensAndDisconnectCancels(java.net.URI.create(api));

            Process down = startIn(folder, folder.resolve("down.log"), "down", "--timeout", "20");
            assertThat(down.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long stopped = System.nanoTime();
            assertThat(down.exitValue()).as(Files.readString(folder.resolve("down.log"))).isZero();
            assertThat(up.waitFor(2, TimeUnit.SECONDS)).as("up exited within 2 s of down").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped)).isLessThan(2000);
        } finally {
            up.destroyForcibly();
        }
    }

    /** Tokens arrive as server-sent events; closing the connection cancels the run (and so the generation). */
    private static void assertSseStreamsTokensAndDisconnectCancels(java.net.URI api) throws Exception {
        String body = "{\"workflow_id\":\"stream\",\"input\":{\"prompt\":\"Hi\"},\"output_only\":true}";
        String taskId;
        try (java.net.Socket socket = new java.net.Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + api.getPath() + "/workflows/runs HTTP/1.1\r\nHost: "
                    + api.getHost() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            String id = null;
            int events = 0;
            boolean eventStream = false;
            while (events < 20 && (line = in.readLine()) != null) {
                if (line.toLowerCase().startsWith("x-task-id:")) {
                    id = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.toLowerCase().startsWith("content-type: text/event-stream")) {
                    eventStream = true;
                } else if (line.startsWith("data: ")) {
                    assertThat(line.substring(6)).matches("[a-z ]*");
                    events++;
                }
            }
            assertThat(eventStream).isTrue();
            assertThat(events).isEqualTo(20);
            taskId = id;
        }
        assertThat(taskId).isNotNull();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String status = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String state = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api + "/tasks/" + taskId)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            status = (String) ((java.util.Map<?, ?>) dev.modelcompose.engine.value.Json.parse(state)).get("status");
            if ("cancelled".equals(status)) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(status).as("the task after the client went away").isEqualTo("cancelled");
    }

    private static Process startIn(Path folder, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), ComposeMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), ComposeMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        process.getOutputStream().close();
        return process;
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
