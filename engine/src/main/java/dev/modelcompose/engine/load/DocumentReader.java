package dev.modelcompose.engine.load;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads compose files into one {@link ReadDocument}: finds the file when none is named, reads each file (YAML with
 * marks, environment interpolated), expands shorthands, pulls in {@code include}d files and merges the
 * {@code -f} files in order.
 */
public final class DocumentReader {
    /** The names tried, in order, when no {@code -f} is given. */
    public static final List<String> DEFAULT_FILE_NAMES =
            List.of("compose.yml", "compose.yaml", "model-compose.yml", "model-compose.yaml");
    private static final List<String> INCLUDED_SECTIONS = List.of("components", "workflows");

    private final EnvInterpolator interpolator;
    private final Set<String> filesRead = new LinkedHashSet<>();

    private DocumentReader(EnvInterpolator interpolator) {
        this.interpolator = interpolator;
    }

    /** @throws ComposeException for every problem with the files, each naming file:line:column */
    public static ReadDocument read(LoadOptions options) {
        Path workingDir = options.workingDir().toAbsolutePath().normalize();
        List<Path> files = options.files().isEmpty() ? List.of(discover(workingDir)) : options.files();
        List<Path> absolute = new ArrayList<>();
        for (Path file : files) {
            Path path = workingDir.resolve(file).normalize();
            if (!Files.isRegularFile(path)) {
                throw new ComposeException(new Problem(new SourceMark(file.toString(), 0, 0), "",
                        Files.isDirectory(path) ? "is a folder, not a compose file" : "compose file not found",
                        file.isAbsolute() ? null : "paths are relative to " + workingDir));
            }
            absolute.add(path);
        }
        Path baseDir = absolute.get(0).getParent();
        Map<String, String> environment = Environment.resolve(options, workingDir, baseDir);
        DocumentReader reader = new DocumentReader(new EnvInterpolator(environment));
        ConfigNode merged = null;
        for (int i = 0; i < files.size(); i++) {
            ConfigMap document = reader.readWithIncludes(absolute.get(i), files.get(i).toString(),
                    new ArrayDeque<>(), new ArrayDeque<>(), new HashSet<>());
            merged = merged == null ? document : DocumentMerger.merge(merged, document);
        }
        return new ReadDocument((ConfigMap) merged, List.copyOf(reader.filesRead), baseDir, environment);
    }

    private static Path discover(Path workingDir) {
        for (String name : DEFAULT_FILE_NAMES) {
            if (Files.isRegularFile(workingDir.resolve(name))) {
                return Path.of(name);
            }
        }
        throw new ComposeException(new Problem(new SourceMark(workingDir.toString(), 0, 0), "",
                "no compose file found (looked for " + String.join(", ", DEFAULT_FILE_NAMES) + ")",
                "name one with -f FILE"));
    }

    /** Reads one file and, recursively, the files it includes. */
    private ConfigMap readWithIncludes(Path file, String display, Deque<Path> chain, Deque<String> chainNames,
                                       Set<Path> included) {
        filesRead.add(display);
        ConfigMap document = DocumentNormaliser.normalise(readOne(file, display));
        ConfigNode include = document.get("include");
        if (include == null) {
            return document;
        }
        Path real = realPath(file);
        chain.addLast(real);
        chainNames.addLast(display);
        included.add(real);
        Map<String, List<ConfigNode>> sections = new LinkedHashMap<>();
        for (String section : INCLUDED_SECTIONS) {
            sections.put(section, new ArrayList<>(document.get(section) instanceof ConfigList list
                    ? list.items() : List.of()));
        }
        for (ConfigScalar entry : includeEntries(include)) {
            String named = (String) entry.value();
            Path target = file.getParent().resolve(named).normalize();
            Path displayParent = Path.of(display).getParent();
            String targetDisplay = (displayParent == null ? Path.of(named) : displayParent.resolve(named))
                    .normalize().toString();
            if (!Files.isRegularFile(target)) {
                throw ComposeException.at(entry, "included file '" + named + "' not found",
                        "include paths are relative to the including file's folder");
            }
            Path targetReal = realPath(target);
            if (chain.contains(targetReal)) {
                List<String> cycle = new ArrayList<>();
                boolean inCycle = false;
                List<Path> chainList = new ArrayList<>(chain);
                List<String> names = new ArrayList<>(chainNames);
                for (int i = 0; i < chainList.size(); i++) {
                    inCycle |= chainList.get(i).equals(targetReal);
                    if (inCycle) {
                        cycle.add(names.get(i));
                    }
                }
                cycle.add(targetDisplay);
                throw ComposeException.at(entry, "include cycle: " + String.join(" -> ", cycle));
            }
            if (!included.add(targetReal)) {
                continue;
            }
            ConfigMap child = readWithIncludes(target, targetDisplay, chain, chainNames, included);
            for (String section : INCLUDED_SECTIONS) {
                if (child.get(section) instanceof ConfigList list) {
                    sections.get(section).addAll(list.items());
                }
            }
        }
        chain.removeLast();
        chainNames.removeLast();
        ConfigMapBuilder result = new ConfigMapBuilder(document).remove("include");
        for (String section : INCLUDED_SECTIONS) {
            List<ConfigNode> items = sections.get(section);
            checkUniqueIds(section, items);
            ConfigNode own = document.get(section);
            if (own != null && !(own instanceof ConfigList)) {
                continue;
            }
            if (own != null || !items.isEmpty()) {
                SourceMark mark = own != null ? own.mark() : items.get(0).mark();
                result.put(section, new ConfigList(items, mark, section), document.keyMark(section));
            }
        }
        return result.build();
    }

    private static List<ConfigScalar> includeEntries(ConfigNode include) {
        List<ConfigNode> entries = include instanceof ConfigList list ? list.items() : List.of(include);
        List<ConfigScalar> scalars = new ArrayList<>();
        for (ConfigNode entry : entries) {
            if (!(entry instanceof ConfigScalar scalar) || !(scalar.value() instanceof String text)
                    || text.isBlank()) {
                throw ComposeException.at(entry, "an include entry must be a file path, found " + entry.describe(),
                        "include: [ shared/models.yml, ... ]");
            }
            scalars.add(scalar);
        }
        return scalars;
    }

    /** An id defined by two different files is an error naming both places. */
    private static void checkUniqueIds(String section, List<ConfigNode> items) {
        String kind = section.substring(0, section.length() - 1);
        Map<String, ConfigNode> seen = new LinkedHashMap<>();
        for (ConfigNode item : items) {
            String id = DocumentMerger.idOf(item);
            if (id == null) {
                continue;
            }
            ConfigNode first = seen.putIfAbsent(id, item);
            if (first != null && !first.mark().file().equals(item.mark().file())) {
                throw new ComposeException(new Problem(item.mark(), item.path(),
                        kind + " '" + id + "' is defined twice: " + first.mark() + " and " + item.mark(),
                        "rename one of them"));
            }
        }
    }

    private ConfigMap readOne(Path file, String display) {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new ComposeException(new Problem(new SourceMark(display, 0, 0), "",
                    "the file is not UTF-8 text", null));
        } catch (IOException | RuntimeException e) {
            throw new ComposeException(new Problem(new SourceMark(display, 0, 0), "", "cannot read the file",
                    null));
        }
        ConfigNode root = YamlTreeReader.read(text, display, interpolator);
        if (root == null) {
            throw new ComposeException(new Problem(new SourceMark(display, 1, 1), "",
                    "file is empty; a compose file is a mapping with `components` and `workflows`", null));
        }
        if (!(root instanceof ConfigMap map)) {
            throw new ComposeException(new Problem(root.mark(), "",
                    "a compose file is a mapping with `components` and `workflows`, found " + root.describe(),
                    null));
        }
        return map;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
