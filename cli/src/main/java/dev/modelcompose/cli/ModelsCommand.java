package dev.modelcompose.cli;

import dev.modelcompose.engine.models.HubCache;
import dev.modelcompose.engine.models.HubModelSource;
import dev.modelcompose.engine.models.ModelResolver;
import dev.modelcompose.engine.spi.model.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code compose models}: the local model cache (the Hugging Face hub cache, shared with {@code huggingface_hub}):
 * {@code list}, {@code pull}, {@code rm}, {@code info}, {@code ls-builtin}. Exit codes: 0 done, 1 the Hub or the
 * cache failed (not found, gated, unreachable, unwritable), 2 a bad argument.
 */
@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "Manage the local model cache: list, pull, rm, info, ls-builtin.",
        subcommands = {ModelsListCommand.class, ModelsPullCommand.class, ModelsRemoveCommand.class,
                ModelsInfoCommand.class, ModelsBuiltinCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the Hub or the cache failed", "2:invalid arguments"})
public final class ModelsCommand implements Runnable {
    /** The Hub or the cache failed. */
    static final int EXIT_FAILED = 1;
    private static final Pattern REPOSITORY =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");

    @ParentCommand
    ComposeMain parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--cache-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The Hugging Face cache folder (default: HF_HUB_CACHE, HF_HOME/hub, "
                    + "$XDG_CACHE_HOME/huggingface/hub or ~/.cache/huggingface/hub).")
    Path cacheDir;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: list, pull, rm, info or ls-builtin");
    }

    ModelResolver resolver() {
        return ModelResolver.fromEnvironment(parent.environment().processEnv());
    }

    Path cacheDir() {
        return cacheDir == null ? null : parent.environment().resolve(cacheDir);
    }

    HubCache cache() {
        Path dir = cacheDir();
        return new HubCache(dir != null ? dir : resolver().hubCache());
    }

    /** {@code org/name[@revision]} as a source (no file, default patterns); a bad id is a usage error. */
    HubModelSource source(String reference, String file, java.util.List<String> include) {
        String repository = reference;
        String revision = null;
        int at = reference.indexOf('@');
        if (at >= 0) {
            repository = reference.substring(0, at);
            revision = reference.substring(at + 1);
            if (revision.isEmpty()) {
                throw new BadArgumentException("'" + reference + "' has an empty revision after '@'");
            }
        }
        checkRepository(repository);
        return new HubModelSource(repository, revision, file, include == null || include.isEmpty() ? null : include,
                cacheDir(), false, null, null);
    }

    static void checkRepository(String repository) {
        if (!REPOSITORY.matcher(repository).matches() || repository.contains("--") || repository.contains("..")) {
            throw new BadArgumentException("'" + repository + "' is not a Hugging Face repository id (org/name)");
        }
    }

    /** Prints a model problem as {@code error: ...}; the exit code for it. */
    static int failed(ModelException e, PrintWriter err) {
        err.println("error: " + e.getMessage());
        err.flush();
        return EXIT_FAILED;
    }
}
