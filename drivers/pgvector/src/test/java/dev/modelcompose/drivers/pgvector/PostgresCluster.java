package dev.modelcompose.drivers.pgvector;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL 15 cluster for the tests: initdb into {@code target/pg-<pid>}, trust authentication, a free
 * port on 127.0.0.1, its unix socket under the same folder; one per test JVM, stopped and deleted at exit. PostgreSQL
 * refuses to run as root, so as root the cluster runs as the {@code postgres} user (or {@code nobody}), in a folder
 * under /tmp when that user cannot write to target/.
 * Without PostgreSQL 15 and pgvector installed it fails, naming the script that installs them.
 */
final class PostgresCluster {
    static final Path BIN = Path.of(System.getProperty("pgvector.test.bin", "/usr/lib/postgresql/15/bin"));
    static final Path VECTOR_CONTROL = Path.of(System.getProperty("pgvector.test.control",
            "/usr/share/postgresql/15/extension/vector.control"));
    private static final String INSTALL_HINT = "run scripts/install-pgvector.sh (as root or with sudo) to install "
            + "PostgreSQL 15 and build the pgvector extension; see docs/vector-store-servers.md";

    private static PostgresCluster shared;

    final int port;
    final Path dir;
    private final List<String> asUser;

    private PostgresCluster(int port, Path dir, List<String> asUser) {
        this.port = port;
        this.dir = dir;
        this.asUser = asUser;
    }

    /** The cluster of this test JVM, started on first use. */
    static synchronized PostgresCluster shared() {
        if (shared == null) {
            shared = start(BIN, VECTOR_CONTROL);
            PostgresCluster started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return shared;
    }

    /** Checks that PostgreSQL and pgvector are installed, then starts a cluster with the binaries in {@code bin}. */
    static PostgresCluster start(Path bin, Path vectorControl) {
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new AssertionError("PostgreSQL 15 is not installed (no " + bin.resolve("initdb") + "): "
                    + INSTALL_HINT);
        }
        if (!Files.exists(vectorControl)) {
            throw new AssertionError("the pgvector extension is not installed (no " + vectorControl + "): "
                    + INSTALL_HINT);
        }
        try {
            Path dir = Path.of("target", "pg-" + ProcessHandle.current().pid()).toAbsolutePath();
            deleteTree(dir);
            Files.createDirectories(dir.resolve("socket"));
            List<String> asUser = List.of();
            if ("0".equals(output("id", "-u").trim())) {
                String user = exitCode("id", "postgres") == 0 ? "postgres" : "nobody";
                run(List.of("chown", "-R", user + ":", dir.toString()), dir);
                asUser = List.of("runuser", "-u", user, "--");
                if (exitCode("runuser", "-u", user, "--", "test", "-w", dir.toString()) != 0) {
                    // the checkout is not reachable for that user (e.g. under /root): use a folder under /tmp
                    deleteTree(dir);
                    dir = Files.createTempDirectory(Path.of("/tmp"), "compose-pgvector-test-");
                    Files.createDirectories(dir.resolve("socket"));
                    run(List.of("chown", "-R", user + ":", dir.toString()), dir);
                }
            }
            int port = freePort();
            PostgresCluster cluster = new PostgresCluster(port, dir, asUser);
            cluster.pg(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
            cluster.pg(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                    dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -k " + dir.resolve("socket") + " -c listen_addresses=127.0.0.1 -c fsync=off "
                            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50", "start");
            return cluster;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("could not start a test PostgreSQL cluster: " + e, e);
        }
    }

    void stop() {
        try {
            pg(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                    "stop");
            deleteTree(dir);
        } catch (Exception | AssertionError e) {
            System.err.println("could not stop the test PostgreSQL cluster in " + dir + ": " + e.getMessage());
        }
    }

    private void pg(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(asUser);
        full.addAll(List.of(command));
        run(full, dir);
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("command.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            String server = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
            throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
                    + Files.readString(log) + server);
        }
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }

    private static int exitCode(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
