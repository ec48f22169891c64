package dev.modelcompose.cli;

import dev.modelcompose.engine.controller.ControllerServer;
import dev.modelcompose.engine.controller.ControllerSettings;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.spi.ComponentTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code compose up}: starts the components, serves the workflows over HTTP (and the web page) until Ctrl-C or
 * SIGTERM, then shuts down gracefully. {@code -d} runs it in the background ({@link DetachedLaunch}).
 */
@Command(name = "up", aliases = "start", mixinStandardHelpOptions = true,
        versionProvider = ComposeVersionProvider.class,
        description = "Start the components and serve the workflows over HTTP, with a web page, until stopped.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:could not start (port in use, a server failed, already running)",
                "2:invalid compose file or arguments"})
public final class UpCommand implements Callable<Integer> {

    @ParentCommand
    ComposeMain parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ComposeFileOptions fileOptions;

    @Option(names = {"-d", "--detach"}, description = "Run in the background; compose down stops it.")
    boolean detach;

    @Option(names = "--wait", description = "With -d: return once /health answers 200 (exit 1 if it never does).")
    boolean waitHealthy;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "With --wait: give up after this many seconds. Default: ${DEFAULT-VALUE}.")
    int waitTimeoutSeconds;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Serve the API on this port instead of the file's (0: any free port).")
    Integer port;

    @Option(names = "--reinstall", description = "Run the install steps of managed servers again.")
    boolean reinstall;

    /** For ./compose's class-data archive: start, run the default workflow once over HTTP, stop. */
    @Option(names = "--cds-training", hidden = true)
    boolean training;

    @Override
    public Integer call() throws Exception {
        CliEnvironment environment = parent.environment();
        ComponentTypes types = ComponentTypes.discover();
        ComposeFile file = fileOptions.load(parent.fileOptions(), environment, types);
        ControllerSettings settings = ControllerSettings.read(file.controller());
        if (port != null) {
            settings = settings.withPort(port);
        }
        ComposeStateDir state = new ComposeStateDir(file.baseDir());
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (state.running().filter(p -> p.pid() != ProcessHandle.current().pid()).isPresent()) {
            err.println("error: compose is already running for this file (pid "
                    + state.running().get().pid() + "); stop it with: compose down");
            err.flush();
            return 1;
        }
        if (detach) {
            return new DetachedLaunch(parent, fileOptions, environment, state, out, err)
                    .launch(port, reinstall, waitHealthy, Duration.ofSeconds(waitTimeoutSeconds));
        }
        if (reinstall) {
            System.setProperty("modelcompose.reinstall", "true");
        }
        if (training) {
            return train(file, types, settings.withPort(0), err);
        }
        return serve(file, types, settings, state, out, err);
    }

    /** Starts, serves one run of the default workflow to itself (so its classes are loaded), then stops. */
    private static int train(ComposeFile file, ComponentTypes types, ControllerSettings settings, PrintWriter err)
            throws Exception {
        try (WorkflowExecution execution = WorkflowExecution.prepare(file, types)) {
            ControllerServer server = new ControllerServer(execution.vertx(), execution.runtime(), settings);
            io.vertx.core.http.HttpClient client = execution.vertx().createHttpClient();
            String body = execution.start().compose(v -> server.start())
                    .compose(port -> client.request(io.vertx.core.http.HttpMethod.POST, port, settings.host(),
                                    settings.basePath() + "/workflows/runs")
                            .compose(request -> request.putHeader("Content-Type", "application/json")
                                    .send("{\"output_only\":true}"))
                            .compose(response -> response.body()))
                    .compose(reply -> server.shutdown().map(reply.toString()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            err.println("compose: training run answered " + body);
            err.flush();
            return 0;
        }
    }

    /** How long since the JVM started, e.g. "in 0.64s"; empty when the OS does not say. */
    private static String sinceStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> String.format(java.util.Locale.ROOT, "in %.2fs",
                        Duration.between(start, java.time.Instant.now()).toMillis() / 1000.0))
                .orElse("");
    }

    private static int serve(ComposeFile file, ComponentTypes types, ControllerSettings settings,
                             ComposeStateDir state, PrintWriter out, PrintWriter err) throws Exception {
        CompletableFuture<Integer> signalled = new CompletableFuture<>();
        long pid = ProcessHandle.current().pid();
        try (WorkflowExecution execution = WorkflowExecution.prepare(file, types);
             InterruptSignal ignored = InterruptSignal.onInterrupt(code -> signalled.complete(code))) {
            ControllerServer server = new ControllerServer(execution.vertx(), execution.runtime(), settings);
            CompletableFuture<Integer> started = execution.start().compose(v -> server.start())
                    .toCompletionStage().toCompletableFuture();
            CompletableFuture.anyOf(started, signalled).handle((v, e) -> null).join();
            if (signalled.isDone()) {
                err.println("compose: interrupted while starting");
                err.flush();
                return 1;
            }
            int apiPort;
            try {
                apiPort = started.join();
            } catch (RuntimeException failure) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                String message = String.valueOf(cause.getMessage());
                if (cause instanceof java.net.BindException || message.contains("Address already in use")) {
                    message = "could not listen on " + settings.host() + ":" + settings.port() + ": " + message
                            + " (is another compose up running? set controller.adapter.port or use --port)";
                } else {
                    message = "could not start: " + message;
                }
                err.println("error: " + message);
                err.flush();
                return 1;
            }
            String api = "http://" + settings.host() + ":" + apiPort + settings.basePath();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("pid", pid);
            info.put("api", api);
            info.put("port", apiPort);
            info.put("health", api + "/health");
            if (server.webUiPort() > 0) {
                info.put("webui", "http://" + settings.host() + ":" + server.webUiPort() + "/");
            }
            state.writeState(info);
            state.writePid(pid);
            out.println("compose: serving the API on " + api
                    + (server.webUiPort() > 0 ? ", the web page on " + info.get("webui") : "")
                    + " (Ctrl-C to stop; ready " + sinceStart() + ")");
            out.flush();
            signalled.join();
            out.println("compose: shutting down (waiting up to "
                    + settings.shutdownTimeout().toSeconds() + "s for running tasks)");
            out.flush();
            try {
                server.shutdown().toCompletionStage().toCompletableFuture()
                        .get(settings.shutdownTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // the components are stopped below anyway
            }
            return 0;
        } finally {
            state.clear(pid);
        }
    }
}
