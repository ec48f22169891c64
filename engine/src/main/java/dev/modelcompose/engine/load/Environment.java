package dev.modelcompose.engine.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables a compose file is interpolated with. Precedence, lowest first: env files ({@code --env-file F}, in
 * order, later wins; without any, {@code .env} beside the first compose file when present), the process
 * environment, then {@code -e K=V} overrides.
 */
final class Environment {
    private Environment() {
    }

    /**
     * @param workingDir   the absolute working folder ({@code --env-file} paths are relative to it)
     * @param firstFileDir the folder of the first compose file (where {@code .env} is looked for)
     */
    static Map<String, String> resolve(LoadOptions options, Path workingDir, Path firstFileDir) {
        Map<String, String> variables = new HashMap<>();
        if (options.envFiles().isEmpty()) {
            Path dotEnv = firstFileDir.resolve(".env");
            if (Files.isRegularFile(dotEnv)) {
                variables.putAll(EnvFile.read(dotEnv, display(workingDir, dotEnv)));
            }
        } else {
            for (Path envFile : options.envFiles()) {
                Path absolute = workingDir.resolve(envFile).normalize();
                if (!Files.isRegularFile(absolute)) {
                    throw new ComposeException(new Problem(new SourceMark(envFile.toString(), 0, 0), "",
                            "env file not found", "--env-file paths are relative to " + workingDir));
                }
                variables.putAll(EnvFile.read(absolute, envFile.toString()));
            }
        }
        variables.putAll(options.processEnv());
        variables.putAll(options.overrides());
        return variables;
    }

    /** {@code path} relative to {@code workingDir} when it lies below it, else absolute. */
    static String display(Path workingDir, Path path) {
        Path base = workingDir.toAbsolutePath().normalize();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
