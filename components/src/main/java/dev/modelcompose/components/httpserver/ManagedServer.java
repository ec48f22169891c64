package dev.modelcompose.components.httpserver;

import dev.modelcompose.engine.controller.SecretRedactor;
import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.spi.ManagedProcessInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process behind one {@code http-server} component. A supervisor thread of its own runs the install and build
 * steps (once, see {@link InstallState}), starts the server ({@link ProcessGroup}), waits until it is ready, and then
 * watches it: a server that exits is restarted with backoff per {@link RestartPolicy}, at most
 * {@link RestartPolicy#MAX_RESTARTS} times. {@link #stop} sends TERM to the process group, KILL after
 * {@code stop_timeout}. A JVM shutdown hook stops servers still running when the engine exits; a watchdog in the
 * group stops them when the engine is killed.
 */
final class ManagedServer {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Set<ManagedServer> LIVE = ConcurrentHashMap.newKeySet();
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ManagedServer::stopAllNow, "http-server-reaper"));
    }

    private final String id;
    private final int port;
    private final ManageScripts scripts;
    private final HealthCheck health;
    private final RestartPolicy restart;
    private final Duration stopTimeout;
    private final Path baseDir;
    private volatile ProgressLine progress = ProgressLine.console();
    private volatile Duration firstBackoff = Duration.ofSeconds(1);

    private String state = "stopped";
    private ProcessGroup current;
    private Instant startedAt;
    private int restarts;
    private String lastExit;
    private boolean stopping;
    private Thread supervisor;
    private ServerLog log;
    private Promise<Void> stopped;

    ManagedServer(String id, int port, ManageScripts scripts, HealthCheck health, RestartPolicy restart,
                  Duration stopTimeout, Path baseDir) {
        this.id = id;
        this.port = port;
        this.scripts = scripts;
        this.health = health;
        this.restart = restart;
        this.stopTimeout = stopTimeout;
        this.baseDir = baseDir;
    }

    /** Where the wait for readiness is shown (tests). */
    void progressTo(ProgressLine line) {
        this.progress = line;
    }

    /** The delay before the first restart; doubled for each further one (tests shorten it). */
    void firstBackoff(Duration delay) {
        this.firstBackoff = delay;
    }

    ManageScripts scripts() {
        return scripts;
    }

    Path logFile() {
        return baseDir.resolve(".compose").resolve("logs").resolve(id + ".log");
    }

    /**
     * Installs (unless done before and not {@code reinstall}), starts and waits until ready. Completes on
     * {@code context}; fails with the reason and the end of the log.
     */
    Future<Void> start(Context context, Map<String, String> environment, boolean reinstall, PrintStream echo) {
        Promise<Void> ready = Promise.promise();
        synchronized (this) {
            if (supervisor != null) {
                return Future.succeededFuture();
            }
            stopping = false;
            restarts = 0;
            lastExit = null;
            stopped = null;
            log = new ServerLog(logFile(), id, echo, new SecretRedactor(environment, null));
            state = "starting";
            supervisor = new Thread(() -> supervise(ready, context, environment, reinstall), "http-server-" + id);
            supervisor.setDaemon(true);
            LIVE.add(this);
        }
        supervisor.start();
        return ready.future();
    }

    private void supervise(Promise<Void> ready, Context context, Map<String, String> environment,
                           boolean reinstall) {
        try {
            if (!java.nio.file.Files.isDirectory(scripts.workingDir())) {
                throw new StartFailure("server '" + id + "' cannot start: its working_dir " + scripts.workingDir()
                        + " is not a folder", "could not start: no working_dir " + scripts.workingDir());
            }
            install(environment, reinstall);
            launchUntilReady(environment);
        } catch (StartFailure failure) {
            progress.clear();
            setState(stopping ? "stopped" : "failed");
            synchronized (this) {
                lastExit = failure.reason;
            }
            context.runOnContext(v -> ready.fail(new ServerStartException(failure.getMessage())));
            finish();
            return;
        }
        context.runOnContext(v -> ready.complete());
        watch(environment);
        finish();
    }

    /** Restarts the server as long as the policy and the restart budget allow. */
    private void watch(Map<String, String> environment) {
        while (true) {
            ProcessGroup group;
            synchronized (this) {
                group = current;
            }
            int code;
            try {
                code = group.process().waitFor();
            } catch (InterruptedException e) {
                return;
            }
            group.kill();
            synchronized (this) {
                if (stopping) {
                    return;
                }
                lastExit = exitText(code);
            }
            log.note("server " + lastExit + (restart.restarts(code) ? "; restarting"
                    : "; restart: " + restart.written), true);
            if (!restart.restarts(code)) {
                setState("exited");
                return;
            }
            if (!restartWithBackoff(environment)) {
                return;
            }
        }
    }

    private boolean restartWithBackoff(Map<String, String> environment) {
        while (true) {
            synchronized (this) {
                if (stopping) {
                    return false;
                }
                if (restarts >= RestartPolicy.MAX_RESTARTS) {
                    state = "failed";
                    return false;
                }
                restarts++;
                state = "restarting";
                current = null;
                startedAt = null;
            }
            long delay = Math.min(MAX_BACKOFF.toMillis(), firstBackoff.toMillis() << Math.min(20, restarts - 1));
            try {
                Thread.sleep(delay);
                launchUntilReady(environment);
                return true;
            } catch (InterruptedException e) {
                return false;
            } catch (StartFailure failure) {
                synchronized (this) {
                    lastExit = failure.reason;
                }
            }
        }
    }

    private void install(Map<String, String> environment, boolean reinstall) throws StartFailure {
        List<List<String>> steps = scripts.setup();
        if (steps.isEmpty()) {
            return;
        }
        InstallState installed = new InstallState(baseDir, id, scripts);
        if (!reinstall && installed.done()) {
            log.begin("install skipped: done before (" + installed.file() + "; --reinstall runs it again)");
            return;
        }
        setState("installing");
        for (List<String> step : steps) {
            ProcessGroup group = launch("install: " + String.join(" ", step), step, environment);
            int code;
            try {
                code = group.process().waitFor();
            } catch (InterruptedException e) {
                throw new StartFailure("server '" + id + "' was stopped while installing");
            }
            joinPump(group);
            group.kill();
            if (code != 0) {
                throw new StartFailure("install step of server '" + id + "' failed (" + exitText(code) + "): "
                        + log.redact(String.join(" ", step)) + "\n" + log.tailText(), "failed to install: a step " + exitText(code));
            }
        }
        try {
            installed.markDone();
        } catch (IOException e) {
            log.note("cannot write " + installed.file() + ": " + e.getMessage(), true);
        }
    }

    private void launchUntilReady(Map<String, String> environment) throws StartFailure {
        if (!"restarting".equals(stateNow())) {
            setState("starting");
        }
        if (listening()) {
            throw new StartFailure("server '" + id + "' cannot start: port " + port + " on 127.0.0.1 is already in"
                    + " use (stop what listens there, or leave out manage.start to use that server as it is)",
                    "could not start: port " + port + " is in use");
        }
        ProcessGroup group = launch("start: " + String.join(" ", scripts.start()), scripts.start(), environment);
        synchronized (this) {
            startedAt = Instant.now();
        }
        long begun = System.nanoTime();
        long deadline = begun + health.timeout().toNanos();
        long nextProbe = begun;
        long tick = Math.min(250, health.interval().toMillis());
        while (true) {
            if (stoppingNow()) {
                throw new StartFailure("server '" + id + "' was stopped before it was ready");
            }
            if (!group.process().isAlive()) {
                joinPump(group);
                group.kill();
                String exit = exitText(group.process().exitValue()) + " before it was ready";
                throw new StartFailure("server '" + id + "' " + exit + " on :" + port + "\n" + log.tailText(), exit);
            }
            long now = System.nanoTime();
            if (now >= nextProbe) {
                if (ready()) {
                    break;
                }
                nextProbe = now + health.interval().toNanos();
            }
            if (now >= deadline) {
                group.stop(stopTimeout);
                joinPump(group);
                String late = "was not ready within " + Durations.format(health.timeout());
                throw new StartFailure("server '" + id + "' was not ready on :" + port + " within "
                        + Durations.format(health.timeout()) + " (" + health.describe() + ")\n" + log.tailText(), late);
            }
            progress.waiting(id, port, (now - begun) / 1_000_000_000L);
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                throw new StartFailure("server '" + id + "' was stopped before it was ready");
            }
        }
        progress.done(id + " is ready on :" + port + " after "
                + Durations.format(Duration.ofMillis((System.nanoTime() - begun) / 1_000_000)));
        log.note("ready on :" + port, false);
        setState("running");
    }

    private ProcessGroup launch(String what, List<String> command, Map<String, String> environment)
            throws StartFailure {
        synchronized (this) {
            if (stopping) {
                throw new StartFailure("server '" + id + "' was stopped before it was ready");
            }
            log.begin(what);
            Map<String, String> env = new java.util.HashMap<>(environment);
            env.putAll(scripts.env());
            try {
                current = ProcessGroup.start(command, scripts.workingDir(), env, stopTimeout);
            } catch (IOException e) {
                throw new StartFailure("cannot start server '" + id + "': " + log.redact(e.getMessage()));
            }
            ProcessGroup group = current;
            Thread pump = new Thread(() -> log.pump(group.process().getInputStream()), "http-server-log-" + id);
            pump.setDaemon(true);
            pump.start();
            group.pump = pump;
            return group;
        }
    }

    private static void joinPump(ProcessGroup group) {
        try {
            if (group.pump != null) {
                group.pump.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean ready() {
        if (health.path() == null) {
            return listening();
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + health.path()))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            int status = PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the server and its whole process group; completes when no process of it is left. */
    Future<Void> stop(Context context) {
        Promise<Void> done = Promise.promise();
        Thread running;
        ProcessGroup group;
        synchronized (this) {
            if (supervisor == null) {
                return stopped == null ? Future.succeededFuture() : stopped.future();
            }
            if (stopping) {
                return stopped.future();
            }
            stopping = true;
            stopped = done;
            state = "stopping";
            running = supervisor;
            group = current;
        }
        Thread stopper = new Thread(() -> {
            running.interrupt();
            if (group != null) {
                group.stop(stopTimeout);
            }
            try {
                running.join(stopTimeout.toMillis() + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ProcessGroup last;
            synchronized (this) {
                last = current;
            }
            if (last != null && last != group) {
                last.stop(stopTimeout);
            }
            synchronized (this) {
                state = "stopped";
                current = null;
                startedAt = null;
                supervisor = null;
            }
            log.close();
            LIVE.remove(this);
            if (context == null) {
                done.complete();
            } else {
                context.runOnContext(v -> done.complete());
            }
        }, "http-server-stop-" + id);
        stopper.setDaemon(true);
        stopper.start();
        return done.future();
    }

    /** The supervisor ends (the server exited for good or failed to start): leave nothing running. */
    private void finish() {
        ProcessGroup group;
        synchronized (this) {
            if (stopping) {
                return;
            }
            group = current;
            current = null;
            startedAt = null;
            supervisor = null;
        }
        if (group != null) {
            group.stop(stopTimeout);
        }
        log.close();
        LIVE.remove(this);
    }

    /** Null when calls may go to the server, else why they cannot. */
    synchronized ServerNotRunningException unavailable() {
        if (state.equals("running")) {
            return null;
        }
        String why = switch (state) {
            case "restarting" -> "restarting, attempt " + restarts + " of " + RestartPolicy.MAX_RESTARTS
                    + (lastExit == null ? "" : "; it " + lastExit);
            case "failed" -> (restarts > 0 ? "gave up after " + restarts + " restarts; " : "") + "it "
                    + (lastExit == null ? "failed" : lastExit);
            case "exited" -> "it " + lastExit + "; restart: " + restart.written;
            default -> state;
        };
        return new ServerNotRunningException("server '" + id + "' is not running (" + why + "); log: "
                + logFile());
    }

    synchronized ManagedProcessInfo info() {
        ProcessGroup group = current;
        Long pid = group != null && group.process().isAlive() ? group.pid() : null;
        return new ProcessSnapshot(state, port, pid, pid == null ? null : startedAt, restarts, logFile());
    }

    private synchronized void setState(String next) {
        if (!stopping) {
            state = next;
        }
    }

    private synchronized String stateNow() {
        return state;
    }

    private synchronized boolean stoppingNow() {
        return stopping;
    }


    static String exitText(int code) {
        return code > 128 && code < 160 ? "was killed by signal " + (code - 128) : "exited with code " + code;
    }

    private static void stopAllNow() {
        List<Thread> stops = LIVE.stream().map(server -> {
            Thread stop = new Thread(() -> {
                ProcessGroup group;
                synchronized (server) {
                    server.stopping = true;
                    group = server.current;
                }
                if (group != null) {
                    group.stop(server.stopTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? server.stopTimeout
                            : Duration.ofSeconds(5));
                }
            });
            stop.start();
            return stop;
        }).toList();
        for (Thread stop : stops) {
            try {
                stop.join(8000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Why the server could not be made ready. */
    private static final class StartFailure extends Exception {
        /** What happened, short, to follow "it" ({@code exited with code 1 before it was ready}). */
        final String reason;

        StartFailure(String message, String reason) {
            super(message, null, false, false);
            this.reason = reason;
        }

        StartFailure(String message) {
            this(message, "failed to start");
        }
    }

    record ProcessSnapshot(String state, Integer port, Long pid, Instant startedAt, int restarts, Path logFile)
            implements ManagedProcessInfo {
    }
}
