package dev.modelcompose.cli;

import dev.modelcompose.engine.models.ConsoleDownloadProgress;
import dev.modelcompose.engine.models.HubCache;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.value.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code compose models list}: the repositories in the Hugging Face cache: revision, size, last used. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        versionProvider = ComposeVersionProvider.class,
        description = "List the models in the Hugging Face cache: repository, revision, size, last used.")
final class ModelsListCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    @ParentCommand
    ModelsCommand models;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HubCache cache = models.cache();
        List<HubCache.CachedRepository> repositories;
        try {
            repositories = cache.repositories();
        } catch (ModelException e) {
            return ModelsCommand.failed(e, err);
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (HubCache.CachedRepository repository : repositories) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("repository", repository.repository());
                row.put("revisions", repository.refs());
                row.put("snapshots", repository.snapshots());
                row.put("size_bytes", repository.sizeBytes());
                row.put("last_used", repository.lastUsed().toString());
                row.put("path", repository.folder().toString());
                rows.add(row);
            }
            out.println(Json.write(rows));
            out.flush();
            return 0;
        }
        if (repositories.isEmpty()) {
            err.println("no models in " + cache.root() + " (fetch one with compose models pull org/name)");
            err.flush();
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"REPOSITORY", "REVISION", "SIZE", "LAST USED"});
        for (HubCache.CachedRepository repository : repositories) {
            rows.add(new String[]{repository.repository(), revisions(repository),
                    ConsoleDownloadProgress.bytes(repository.sizeBytes()), when(repository.lastUsed())});
        }
        Table.print(rows, out);
        out.flush();
        return 0;
    }

    static String revisions(HubCache.CachedRepository repository) {
        List<String> names = new ArrayList<>();
        repository.refs().forEach((ref, commit) -> names.add(ref + " (" + shortCommit(commit) + ")"));
        for (String snapshot : repository.snapshots()) {
            if (!repository.refs().containsValue(snapshot)) {
                names.add(shortCommit(snapshot));
            }
        }
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    static String shortCommit(String commit) {
        return commit.length() > 8 ? commit.substring(0, 8) : commit;
    }

    static String when(Instant instant) {
        return instant.equals(Instant.EPOCH) ? "-" : WHEN.format(instant);
    }
}
