package dev.modelcompose.cli;

import dev.modelcompose.engine.models.ConsoleDownloadProgress;
import dev.modelcompose.engine.models.HubCache;
import dev.modelcompose.engine.models.HubModelSource;
import dev.modelcompose.engine.models.HubRepositoryInfo;
import dev.modelcompose.engine.models.ModelResolver;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.value.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code compose models info REPO[@REV]}: a model's files, size and likely task; from the cache when it is there,
 * else from the Hub (file names only).
 */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "Show a model's files, size and likely task (from the cache, else from the Hub).")
final class ModelsInfoCommand implements Callable<Integer> {
    @ParentCommand
    ModelsCommand models;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPO[@REV]", description = "org/name, optionally @revision")
    String reference;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HubModelSource source = models.source(reference, null, null);
        HubCache cache = models.cache();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("repository", source.repository());
        try {
            Optional<String> commit = commit(cache, source);
            if (commit.isPresent()) {
                Path snapshot = cache.snapshot(source.repository(), commit.get());
                Map<String, Long> files = HubCache.files(snapshot);
                info.put("revision", source.revision() == null ? revisionOf(cache, source, commit.get())
                        : source.revision());
                info.put("commit", commit.get());
                info.put("cached", snapshot.toString());
                info.put("size_bytes", files.values().stream().mapToLong(Long::longValue).sum());
                info.put("task", ModelTaskGuess.guess(ModelTaskGuess.readConfig(snapshot.resolve("config.json")),
                        files.keySet(), null));
                info.put("files", files);
            } else {
                ModelResolver resolver = models.resolver();
                if (resolver.offline()) {
                    throw new ModelException(source.repository() + " is not in the cache at " + cache.root()
                            + " and HF_HUB_OFFLINE is set");
                }
                HubRepositoryInfo remote = resolver.describe(source);
                info.put("revision", source.revision() == null ? "main" : source.revision());
                info.put("commit", remote.commit());
                info.put("cached", null);
                info.put("task", ModelTaskGuess.guess(null, remote.files(), remote.pipelineTag()));
                info.put("files", remote.files());
            }
        } catch (ModelException e) {
            return ModelsCommand.failed(e, err);
        }
        if (json) {
            out.println(Json.write(info));
        } else {
            print(info, out);
        }
        out.flush();
        return 0;
    }

    private static Optional<String> commit(HubCache cache, HubModelSource source) {
        if (source.revision() != null) {
            return cache.commit(source.repository(), source.revision());
        }
        Optional<String> main = cache.commit(source.repository(), "main");
        if (main.isPresent()) {
            return main;
        }
        // no main ref (a pinned revision was pulled): the most recently used snapshot
        return cache.repository(source.repository()).flatMap(repository -> repository.snapshots().stream()
                .max(java.util.Comparator.comparing(s -> lastModified(cache.snapshot(source.repository(), s)))));
    }

    private static long lastModified(Path path) {
        try {
            return java.nio.file.Files.getLastModifiedTime(path).toMillis();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static String revisionOf(HubCache cache, HubModelSource source, String commit) {
        return cache.repository(source.repository()).flatMap(repository -> repository.refs().entrySet().stream()
                .filter(e -> e.getValue().equals(commit)).map(Map.Entry::getKey).findFirst()).orElse(commit);
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> info, PrintWriter out) {
        out.println("repository: " + info.get("repository"));
        out.println("revision:   " + info.get("revision") + " (" + info.get("commit") + ")");
        Object cached = info.get("cached");
        out.println("cached:     " + (cached == null ? "no (compose models pull " + info.get("repository") + ")"
                : cached));
        if (info.containsKey("size_bytes")) {
            out.println("size:       " + ConsoleDownloadProgress.bytes((Long) info.get("size_bytes")));
        }
        Object task = info.get("task");
        out.println("task:       " + (task == null ? "unknown" : task));
        out.println("files:");
        Object files = info.get("files");
        if (files instanceof Map<?, ?> sized) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"  FILE", "SIZE"});
            ((Map<String, Long>) sized).forEach((file, size) -> rows.add(new String[]{"  " + file,
                    ConsoleDownloadProgress.bytes(size)}));
            Table.print(rows.subList(0, rows.size()), out);
        } else {
            for (Object file : (List<Object>) files) {
                out.println("  " + file);
            }
        }
    }
}
