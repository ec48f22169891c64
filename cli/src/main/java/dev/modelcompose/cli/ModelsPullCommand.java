package dev.modelcompose.cli;

import dev.modelcompose.engine.models.BuiltinModelSource;
import dev.modelcompose.engine.models.BuiltinModels;
import dev.modelcompose.engine.models.ConsoleDownloadProgress;
import dev.modelcompose.engine.models.HubModelSource;
import dev.modelcompose.engine.models.ModelSource;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code compose models pull REPO[@REV] [--file F] [--include PATTERN]}: downloads a model into the cache with
 * progress on stderr, and prints the path to load on stdout. {@code builtin:NAME} extracts a builtin model.
 */
@Command(name = "pull", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "Download a model from the Hugging Face Hub into the cache (progress on stderr; "
                + "the model's path on stdout).")
final class ModelsPullCommand implements Callable<Integer> {
    @ParentCommand
    ModelsCommand models;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPO[@REV]",
            description = "org/name, optionally @branch, @tag or @commit; or builtin:NAME.")
    String reference;

    @Option(names = "--file", paramLabel = "F",
            description = "Fetch this file (with the config and tokenizer files) instead of the defaults.")
    String file;

    @Option(names = "--include", paramLabel = "PATTERN",
            description = "Fetch the files this glob matches (repeatable), such as '*.json'.")
    List<String> include;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "onnx, gguf, safetensors or pytorch: the files to fetch by default (detected when absent).")
    String format;

    @Option(names = "--token", paramLabel = "TOKEN", description = "A Hugging Face token (default: HF_TOKEN).")
    String token;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (file != null && include != null && !include.isEmpty()) {
            throw new BadArgumentException("--file and --include do not go together");
        }
        if (format != null && !List.of("onnx", "gguf", "safetensors", "pytorch").contains(format)) {
            throw new BadArgumentException("--format must be onnx, gguf, safetensors or pytorch, not '" + format
                    + "'");
        }
        ModelSource source;
        if (reference.startsWith("builtin:")) {
            String name = reference.substring("builtin:".length());
            if (!BuiltinModels.NAMES.contains(name)) {
                throw new BadArgumentException("unknown builtin model '" + name + "' (builtin models: "
                        + String.join(", ", BuiltinModels.NAMES) + ")");
            }
            source = new BuiltinModelSource(name);
        } else {
            HubModelSource hub = models.source(reference, file, include);
            source = new HubModelSource(hub.repository(), hub.revision(), hub.filename(), hub.allowPatterns(),
                    hub.cacheDir(), false, token, format);
        }
        boolean terminal = System.console() != null;
        try {
            ResolvedModel model = models.resolver().resolve(source, new ConsoleDownloadProgress(err, terminal));
            err.println("pulled " + model.name() + " (" + model.format() + ")");
            err.flush();
            out.println(model.path());
            out.flush();
            return 0;
        } catch (ModelException e) {
            if (terminal) {
                err.println(); // below the progress bar, not after it
            }
            return ModelsCommand.failed(e, err);
        }
    }
}
