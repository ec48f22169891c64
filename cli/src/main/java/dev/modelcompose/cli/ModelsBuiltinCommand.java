package dev.modelcompose.cli;

import dev.modelcompose.engine.models.BuiltinModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code compose models ls-builtin}: the models bundled with the distribution, and whether this build has them. */
@Command(name = "ls-builtin", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "List the builtin models (model: builtin:NAME): they run offline, with no download.")
final class ModelsBuiltinCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"MODEL", "AVAILABLE", "DESCRIPTION"});
        boolean missing = false;
        for (String name : BuiltinModels.NAMES) {
            boolean available = BuiltinModels.available(name);
            missing |= !available;
            rows.add(new String[]{"builtin:" + name, available ? "yes" : "no", BuiltinModels.description(name)});
        }
        Table.print(rows, out);
        if (missing) {
            out.println();
            out.println("a builtin model marked 'no' needs " + BuiltinModels.ARTIFACT + " on the classpath "
                    + "(the ONNX driver module carries it)");
        }
        out.flush();
        return 0;
    }
}
