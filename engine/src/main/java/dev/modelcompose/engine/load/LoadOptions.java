package dev.modelcompose.engine.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to load and with which environment.
 *
 * @param files       the {@code -f} files in order; empty: discover compose.yml, compose.yaml, model-compose.yml,
 *                    model-compose.yaml in {@code workingDir}
 * @param workingDir  the current folder
 * @param envFiles    {@code --env-file} files in order (later wins); empty: {@code .env} beside the first file
 * @param overrides   {@code -e K=V}: win over everything
 * @param processEnv  the process environment: wins over env files
 */
public record LoadOptions(List<Path> files, Path workingDir, List<Path> envFiles, Map<String, String> overrides,
                          Map<String, String> processEnv) {

    public LoadOptions {
        files = List.copyOf(files);
        envFiles = List.copyOf(envFiles);
        overrides = Map.copyOf(overrides);
        processEnv = Map.copyOf(processEnv);
    }

    /**
     * One file, no env files, no overrides, the given process environment. A relative {@code file} is relative to
     * the current folder (the working dir), as on the command line.
     */
    public static LoadOptions of(Path file, Map<String, String> processEnv) {
        Path dir = Path.of("").toAbsolutePath();
        return new LoadOptions(List.of(file), dir, List.of(), Map.of(), processEnv);
    }
}
