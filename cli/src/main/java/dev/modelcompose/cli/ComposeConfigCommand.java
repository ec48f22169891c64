package dev.modelcompose.cli;

import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.spi.ComponentTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code compose config}: prints the effective file: every {@code -f} merged in order, includes pulled in, environment
 * variables substituted, shorthands and singular keys normalised. The file is validated first (exit 2 on problems).
 */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "Print the merged, interpolated and normalised compose file as YAML.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:problems found (one per line on stderr)"})
public final class ComposeConfigCommand implements Callable<Integer> {

    @ParentCommand
    ComposeMain parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ComposeFileOptions fileOptions;

    @Override
    public Integer call() {
        CliEnvironment environment = parent.environment();
        ComponentTypes types = ComponentTypes.discover();
        ComposeFile file = fileOptions.load(parent.fileOptions(), environment, types);
        PrintWriter out = spec.commandLine().getOut();
        String yaml = ConfigYaml.write(file);
        out.print(yaml.endsWith("\n") ? yaml : yaml + "\n");
        out.flush();
        return 0;
    }
}
