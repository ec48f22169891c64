package dev.modelcompose.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code compose up -d}: starts {@code compose up} again as a background process in its own session (through
 * {@code setsid} where there is one), its output going to {@code .compose/logs/compose.log}, records its pid in
 * {@code .compose/compose.pid} and, with {@code --wait}, returns once its {@code /health} answers 200.
 */
final class DetachedLaunch {
    private final ComposeMain parent;
    private final ComposeFileOptions own;
    private final CliEnvironment environment;
    private final ComposeStateDir state;
    private final PrintWriter out;
    private final PrintWriter err;

    DetachedLaunch(ComposeMain parent, ComposeFileOptions own, CliEnvironment environment, ComposeStateDir state,
                   PrintWriter out, PrintWriter err) {
        this.parent = parent;
        this.own = own;
        this.environment = environment;
        this.state = state;
        this.out = out;
        this.err = err;
    }

    int launch(Integer port, boolean reinstall, boolean waitHealthy, Duration waitTimeout) throws IOException {
        List<String> command = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!argument.startsWith("-agentlib:jdwp") && !argument.startsWith("-XX:ArchiveClassesAtExit")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ComposeMain.class.getName());
        for (ComposeFileOptions options : List.of(parent.fileOptions(), own)) {
            options.files.forEach(f -> add(command, "-f", environment.resolve(f).toAbsolutePath().toString()));
            options.envFiles.forEach(f -> add(command, "--env-file", environment.resolve(f).toAbsolutePath()
                    .toString()));
            options.overrides.forEach(e -> add(command, "-e", e));
        }
        command.add("up");
        if (port != null) {
            add(command, "--port", port.toString());
        }
        if (reinstall) {
            command.add("--reinstall");
        }
        Files.createDirectories(state.logs());
        Path log = state.logs().resolve("compose.log");
        Files.deleteIfExists(state.dir().resolve(ComposeStateDir.STATE_FILE));
        ProcessBuilder builder = new ProcessBuilder(command).directory(environment.workingDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment.processEnv());
        Process process = builder.start();
        state.writePid(process.pid());
        if (!waitHealthy) {
            out.println("compose: started in the background (pid " + process.pid() + "); logs in " + log);
            out.flush();
            return 0;
        }
        return awaitHealthy(process, log, waitTimeout);
    }

    private static void add(List<String> command, String option, String value) {
        command.add(option);
        command.add(value);
    }

    private int awaitHealthy(Process process, Path log, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                err.println("error: compose up exited with " + process.exitValue() + " before it was healthy; "
                        + "the end of " + log + ":");
                tail(log, 20).forEach(err::println);
                err.flush();
                return 1;
            }
            Optional<Map<String, Object>> info = state.state()
                    .filter(s -> String.valueOf(s.get("pid")).equals(Long.toString(process.pid())));
            if (info.isPresent() && healthy(client, String.valueOf(info.get().get("health")))) {
                out.println("compose: up and healthy (pid " + process.pid() + "): " + info.get().get("api"));
                out.flush();
                return 0;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ComposeMain.EXIT_INTERRUPTED;
            }
        }
        err.println("error: compose up was not healthy after " + timeout.toSeconds() + "s (still running, pid "
                + process.pid() + "; see " + log + ")");
        err.flush();
        return 1;
    }

    private static boolean healthy(HttpClient client, String url) {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static List<String> tail(Path file, int lines) {
        try {
            List<String> all = List.of(new String(Files.readAllBytes(file),
                    java.nio.charset.StandardCharsets.UTF_8).split("\r?\n"));
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }
}
