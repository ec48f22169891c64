package dev.modelcompose.components.httpserver;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command started as the leader of its own process group, so the server and everything it forks can be signalled
 * at once ({@code kill -TERM -pgid}), and which dies with the engine.
 *
 * <p>The command is started as {@code setsid sh -c WATCHDOG sh ENGINE_PID GRACE command...}. {@code setsid} makes
 * the shell a new session and group leader; the shell forks a watchdog (detached from the group's pipes, re-parented
 * away) and then {@code exec}s the command, which keeps the shell's pid: the pid is the process group id. The
 * watchdog checks every second that the engine's pid is alive; when the engine is gone (even after SIGKILL, when no
 * shutdown hook runs) it sends TERM to the group, waits {@code GRACE} seconds and sends KILL. It belongs to the group,
 * so a normal stop ends it too. Without a {@code setsid} binary (not Linux) the command runs without its own group
 * and stopping signals the process and its descendants instead.
 */
final class ProcessGroup {
    static final String WATCHDOG = String.join("\n",
            "engine=$1; grace=$2; shift 2",
            "( ( while kill -0 \"$engine\" 2>/dev/null; do sleep 1; done",
            "    trap '' TERM; kill -s TERM -- -$$ 2>/dev/null; sleep \"$grace\"; kill -s KILL -- -$$ 2>/dev/null",
            "  ) </dev/null >/dev/null 2>&1 & )",
            "exec \"$@\"");
    private static final String SETSID = findSetsid();

    private final Process process;
    private final boolean grouped;
    /** The thread copying its output to the log. */
    volatile Thread pump;

    private ProcessGroup(Process process, boolean grouped) {
        this.process = process;
        this.grouped = grouped;
    }

    /** Starts {@code command} in {@code workingDir} with {@code env} added; stdout and stderr merged. */
    static ProcessGroup start(List<String> command, Path workingDir, Map<String, String> env, Duration killGrace)
            throws IOException {
        List<String> argv = new ArrayList<>();
        if (SETSID != null) {
            argv.add(SETSID);
        }
        argv.addAll(List.of("sh", "-c", WATCHDOG, "sh", Long.toString(ProcessHandle.current().pid()),
                Long.toString(Math.max(1, (killGrace.toMillis() + 999) / 1000))));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        return new ProcessGroup(builder.start(), SETSID != null);
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    /** Sends SIGTERM to every process of the group. */
    void terminate() {
        signal("TERM");
    }

    /** Sends SIGKILL to every process of the group. */
    void kill() {
        signal("KILL");
    }

    /** True while any process of the group is alive (the leader, its children, the watchdog). */
    boolean alive() {
        if (!grouped) {
            return process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive);
        }
        return process.isAlive() || run("kill", "-0", "--", "-" + process.pid()) == 0;
    }

    /**
     * Stops the group: TERM to all, KILL to what is left after {@code grace}; returns when the group is gone (or
     * after a last short wait following KILL).
     */
    void stop(Duration grace) {
        if (!alive()) {
            return;
        }
        terminate();
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && alive()) {
            pause(100);
        }
        if (alive()) {
            kill();
            long last = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < last && alive()) {
                pause(50);
            }
        }
    }

    private void signal(String signal) {
        if (grouped) {
            run("kill", "-s", signal, "--", "-" + process.pid());
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(handle -> {
            if (signal.equals("KILL")) {
                handle.destroyForcibly();
            } else {
                handle.destroy();
            }
        });
    }

    /** Runs a shell builtin ({@code kill}) and returns its exit code. */
    private static int run(String... words) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "\"$@\" 2>/dev/null", "sh"));
        argv.addAll(List.of(words));
        try {
            Process kill = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return -1;
            }
            return kill.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, "setsid");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
