package dev.modelcompose.components.file;

import dev.modelcompose.components.ComponentCallException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the files of a folder or a glob ({@code corpus/*.md}, {@code docs/**}), sorted by path. Files and folders whose
 * names start with a dot are left out. A glob that starts with {@code **}{@code /} also matches at the top level.
 */
final class FileLister {
    private FileLister() {
    }

    static List<String> list(PathGuard guard, String written, String pattern, boolean recursive) {
        String folder = written;
        String glob = null;
        if (hasGlob(written)) {
            String[] segments = written.replace('\\', '/').split("/", -1);
            int first = 0;
            while (!hasGlob(segments[first])) {
                first++;
            }
            folder = first == 0 ? "." : String.join("/", List.of(segments).subList(0, first));
            if (folder.isEmpty()) {
                folder = "/";
            }
            glob = String.join("/", List.of(segments).subList(first, segments.length));
        }
        Path base = guard.resolve(folder);
        if (!Files.exists(base)) {
            throw new ComponentCallException("no such file or folder: " + folder);
        }
        guard.checkLinks(base, folder);
        boolean asAbsolute = Path.of(folder).isAbsolute();
        if (Files.isRegularFile(base)) {
            // a file named as it is: listed whatever the pattern, so that `path: ${input.paths}` takes files too
            return List.of(guard.display(base, asAbsolute));
        }
        boolean deep = recursive || (glob != null && (glob.contains("/") || glob.contains("**")))
                || (pattern != null && pattern.contains("/"));
        List<Matcher> matchers = new ArrayList<>();
        if (glob != null) {
            matchers.add(new Matcher(glob, true));
        }
        if (pattern != null) {
            matchers.add(new Matcher(pattern, pattern.contains("/")));
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base, deep ? Integer.MAX_VALUE : 1)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                Path relative = base.relativize(file);
                if (hidden(relative) || !matchers.stream().allMatch(m -> m.matches(relative))) {
                    return;
                }
                String shown = guard.display(file, asAbsolute);
                guard.checkLinks(file, shown);
                found.add(shown);
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ComponentCallException("cannot list " + folder + ": " + e.getMessage());
        }
        found.sort(null);
        return found;
    }

    private static boolean hasGlob(String text) {
        return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** A glob over the path below the folder, or over the file name only. */
    private record Matcher(PathMatcher glob, PathMatcher topLevel, boolean wholePath) {
        Matcher(String pattern, boolean wholePath) {
            this(FileSystems.getDefault().getPathMatcher("glob:" + pattern),
                    pattern.startsWith("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3))
                            : null, wholePath);
        }

        boolean matches(Path relative) {
            Path subject = wholePath ? relative : relative.getFileName();
            return glob.matches(subject) || (topLevel != null && topLevel.matches(subject));
        }
    }
}
