package dev.modelcompose.cli;

import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.spi.ComponentTypes;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options that say which compose files to load and with which environment; shared by every command. */
public final class ComposeFileOptions {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Compose file. Repeat to merge several in order. Default: the first of compose.yml, "
                    + "compose.yaml, model-compose.yml, model-compose.yaml in the current folder.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Read environment variables from FILE (repeatable, later files win). "
                    + "Default: .env beside the compose file.")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE",
            description = "Set an environment variable for the file (repeatable); wins over --env-file and the "
                    + "process environment.")
    List<String> overrides = new ArrayList<>();

    /** Loads the compose files these options (and {@code outer}'s, given before the command) name. */
    ComposeFile load(ComposeFileOptions outer, CliEnvironment environment, ComponentTypes types) {
        return new ComposeLoader(types).load(toLoadOptions(outer, environment));
    }

    /**
     * What to load: the options given before the command ({@code outer}) first, then this command's own. Paths stay
     * as the user wrote them (messages name them so); the loader resolves relative ones against the working folder.
     */
    LoadOptions toLoadOptions(ComposeFileOptions outer, CliEnvironment environment) {
        List<Path> allFiles = new ArrayList<>();
        List<Path> allEnvFiles = new ArrayList<>();
        Map<String, String> allOverrides = new LinkedHashMap<>();
        for (ComposeFileOptions options : outer == null ? List.of(this) : List.of(outer, this)) {
            allFiles.addAll(options.files);
            allEnvFiles.addAll(options.envFiles);
            for (String assignment : options.overrides) {
                int equals = assignment.indexOf('=');
                if (equals <= 0) {
                    throw new BadArgumentException("-e " + assignment + ": expected KEY=VALUE");
                }
                allOverrides.put(assignment.substring(0, equals), assignment.substring(equals + 1));
            }
        }
        return new LoadOptions(allFiles, environment.workingDir(), allEnvFiles, allOverrides,
                environment.processEnv());
    }
}
