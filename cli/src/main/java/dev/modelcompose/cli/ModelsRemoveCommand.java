package dev.modelcompose.cli;

import dev.modelcompose.engine.models.ConsoleDownloadProgress;
import dev.modelcompose.engine.models.HubCache;
import dev.modelcompose.engine.spi.model.ModelException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code compose models rm REPO [--yes]}: deletes a repository (every revision) from the cache. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        versionProvider = ComposeVersionProvider.class,
        description = "Delete a model (all its revisions) from the Hugging Face cache. Asks first on a terminal; "
                + "elsewhere needs --yes.")
final class ModelsRemoveCommand implements Callable<Integer> {
    @ParentCommand
    ModelsCommand models;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPO", description = "org/name")
    String repository;

    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelsCommand.checkRepository(repository);
        HubCache cache = models.cache();
        try {
            Optional<HubCache.CachedRepository> cached = cache.repository(repository);
            if (cached.isEmpty()) {
                err.println("error: " + repository + " is not in the cache at " + cache.root());
                err.flush();
                return ModelsCommand.EXIT_FAILED;
            }
            String size = ConsoleDownloadProgress.bytes(cached.get().sizeBytes());
            if (!yes) {
                Console console = System.console();
                if (console == null) {
                    throw new BadArgumentException("add --yes to remove " + repository + " (" + size + ") from "
                            + cache.root() + " without a question");
                }
                String answer = console.readLine("Remove %s (%s) from %s? [y/N] ", repository, size, cache.root());
                if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                    err.println("kept " + repository);
                    err.flush();
                    return 0;
                }
            }
            cache.remove(repository);
            out.println("removed " + repository + " (" + size + ")");
            out.flush();
            return 0;
        } catch (ModelException e) {
            return ModelsCommand.failed(e, err);
        }
    }
}
