package dev.modelcompose.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a command runs: the current folder (relative {@code -f}, {@code --env-file} and {@code --input @file} paths
 * resolve against it) and the process environment. Tests pass their own.
 */
public record CliEnvironment(Path workingDir, Map<String, String> processEnv) {

    public CliEnvironment {
        workingDir = workingDir.toAbsolutePath().normalize();
        processEnv = Map.copyOf(processEnv);
    }

    public static CliEnvironment current() {
        return new CliEnvironment(Path.of("").toAbsolutePath(), System.getenv());
    }

    /** {@code path} as given when absolute, else resolved against the working folder. */
    public Path resolve(Path path) {
        return path.isAbsolute() ? path : workingDir.resolve(path);
    }
}
