package dev.modelcompose.components.httpserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.modelcompose.components.httpserver.ServerFixture.compose;
import static dev.modelcompose.components.httpserver.ServerFixture.freePort;
import static dev.modelcompose.components.httpserver.ServerFixture.groupMembers;
import static dev.modelcompose.components.httpserver.ServerFixture.startCommand;
import static dev.modelcompose.components.httpserver.ServerFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A managed server does not outlive the engine: an engine JVM that exits on SIGTERM stops it in its shutdown hook,
 * and one killed with SIGKILL (no hook runs) is noticed by the watchdog in the server's process group.
 */
class EngineExitIT {
    @TempDir
    Path dir;

    @Test
    void aKilledEngineTakesItsServerWithIt() throws Exception {
        Process engine = startEngine();
        long server = readyServerPid(engine);
        assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).contains(true);

        engine.destroyForcibly(); // SIGKILL: no shutdown hook
        engine.waitFor(10, TimeUnit.SECONDS);

        waitUntil(() -> !alive(server), 10_000);
        assertThat(alive(server)).as("server pid %d alive after the engine was killed", server).isFalse();
        waitUntil(() -> groupEmpty(server), 5_000);
        assertThat(groupMembers(server)).isEmpty();
    }

    @Test
    void anEngineEndedBySigtermStopsItsServer() throws Exception {
        Process engine = startEngine();
        long server = readyServerPid(engine);

        engine.destroy(); // SIGTERM: the shutdown hook stops the server
        assertThat(engine.waitFor(20, TimeUnit.SECONDS)).isTrue();

        // the hook has finished when the engine is gone: nothing of the group is left
        waitUntil(() -> groupEmpty(server), 2_000);
        assertThat(groupMembers(server)).isEmpty();
        assertThat(alive(server)).isFalse();
    }

    private Process startEngine() throws Exception {
        int port = freePort();
        Files.writeString(dir.resolve("compose.yml"), compose(port, startCommand(port), ""));
        return new ProcessBuilder(ServerFixture.JAVA, "-cp", System.getProperty("java.class.path"),
                ServerHost.class.getName(), dir.toString()).redirectErrorStream(true).start();
    }

    private static long readyServerPid(Process engine) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(engine.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                long pid = Long.parseLong(line.substring(6).trim());
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (Exception e) {
                        // engine gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return pid;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the engine ended before its server was ready:\n" + seen);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean groupEmpty(long pgid) {
        try {
            List<String> members = groupMembers(pgid);
            return members.isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

}
