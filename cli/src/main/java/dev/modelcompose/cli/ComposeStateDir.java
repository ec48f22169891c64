package dev.modelcompose.cli;

import dev.modelcompose.engine.value.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code .compose/} folder beside the compose file: {@code compose.pid} (the process serving the file),
 * {@code compose.json} (where it serves: {@code {pid, api, port, webui}}) and {@code logs/<component>.log}.
 */
final class ComposeStateDir {
    static final String PID_FILE = "compose.pid";
    static final String STATE_FILE = "compose.json";

    private final Path dir;

    ComposeStateDir(Path baseDir) {
        this.dir = baseDir.resolve(".compose");
    }

    /** The folder for the files that {@code options} name: the first {@code -f} file's folder, else the working one. */
    static ComposeStateDir of(ComposeFileOptions outer, ComposeFileOptions own, CliEnvironment environment) {
        List<Path> files = new ArrayList<>(outer == null ? List.of() : outer.files);
        files.addAll(own.files);
        if (files.isEmpty()) {
            return new ComposeStateDir(environment.workingDir());
        }
        Path first = environment.resolve(files.get(0)).toAbsolutePath().normalize();
        Path parent = first.getParent();
        return new ComposeStateDir(parent == null ? environment.workingDir() : parent);
    }

    Path dir() {
        return dir;
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path pidFile() {
        return dir.resolve(PID_FILE);
    }

    /** The pid in {@code compose.pid} when that process is alive. */
    Optional<ProcessHandle> running() {
        try {
            if (!Files.isRegularFile(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void writePid(long pid) {
        write(pidFile(), pid + "\n");
    }

    void writeState(Map<String, Object> state) {
        write(dir.resolve(STATE_FILE), Json.write(state) + "\n");
    }

    @SuppressWarnings("unchecked")
    Optional<Map<String, Object>> state() {
        try {
            Path file = dir.resolve(STATE_FILE);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Object parsed = Json.parse(Files.readString(file));
            return parsed instanceof Map ? Optional.of((Map<String, Object>) parsed) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Removes {@code compose.pid} and {@code compose.json} when they still name {@code pid}. */
    void clear(long pid) {
        try {
            if (Files.isRegularFile(pidFile()) && Files.readString(pidFile()).trim().equals(Long.toString(pid))) {
                Files.deleteIfExists(pidFile());
            }
            Optional<Map<String, Object>> state = state();
            if (state.isPresent() && String.valueOf(state.get().get("pid")).equals(Long.toString(pid))) {
                Files.deleteIfExists(dir.resolve(STATE_FILE));
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
