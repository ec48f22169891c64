package dev.modelcompose.cli;

import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.spi.ComponentTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code compose validate}: loads and compiles the files without running anything. Prints a one-line summary to
 * stderr and exits 0, or prints every problem ({@code file:line:column: path: message (hint)}) and exits 2.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "Check compose files (YAML, schema, references, bindings, job graph) without running them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the files are valid", "2:problems found (one per line on stderr)"})
public final class ComposeValidateCommand implements Callable<Integer> {

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
        WorkflowExecution.check(file, types);
        spec.commandLine().getErr().println(summary(file));
        spec.commandLine().getErr().flush();
        return 0;
    }

    /** {@code compose.yml is valid: 2 components, 1 workflow}. */
    static String summary(ComposeFile file) {
        String names = String.join(", ", file.files());
        String verb = file.files().size() > 1 ? " are valid: " : " is valid: ";
        return names + verb + count(file.components().size(), "component") + ", "
                + count(file.workflows().size(), "workflow");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
