package dev.modelcompose.components.file;

import dev.modelcompose.components.ComponentCallException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the file component's paths resolve: relative paths against {@code root} (the compose file's folder, or
 * {@code base_dir}). When {@code base_dir} is set it is also a fence: a path that leaves it, written with {@code ..},
 * as an absolute path elsewhere, or through a symbolic link, is refused.
 */
final class PathGuard {
    private final Path root;
    private final String fence;

    private PathGuard(Path root, String fence) {
        this.root = root.toAbsolutePath().normalize();
        this.fence = fence;
    }

    /** Relative paths resolve against {@code composeDir}; any path may be read. */
    static PathGuard open(Path composeDir) {
        return new PathGuard(composeDir, null);
    }

    /** Relative paths resolve against {@code baseDir}, and no path may leave it; {@code written} names it. */
    static PathGuard fenced(Path baseDir, String written) {
        return new PathGuard(baseDir, written);
    }

    /** The absolute, normalised path for a path as written; refuses one outside the fence. */
    Path resolve(String written) {
        if (written == null || written.isBlank()) {
            throw new ComponentCallException("path is empty");
        }
        Path path;
        try {
            path = Path.of(written);
        } catch (InvalidPathException e) {
            throw new ComponentCallException("'" + written + "' is not a valid path: " + e.getReason());
        }
        Path absolute = (path.isAbsolute() ? path : root.resolve(path)).normalize();
        if (fence != null && !absolute.startsWith(root)) {
            throw new ComponentCallException("'" + written + "' is outside base_dir " + fence
                    + " (paths must stay inside it)");
        }
        return absolute;
    }

    /** For an existing path: refuses one that leads out of the fence through a symbolic link. */
    void checkLinks(Path absolute, String shown) {
        if (fence == null) {
            return;
        }
        Path real;
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new ComponentCallException("base_dir " + fence + " does not exist (" + root + ")");
        }
        try {
            real = absolute.toRealPath();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new ComponentCallException("cannot read " + shown + ": " + e.getMessage());
        }
        if (!real.startsWith(realRoot)) {
            throw new ComponentCallException("'" + shown + "' leads outside base_dir " + fence
                    + " through a symbolic link (paths must stay inside it)");
        }
    }

    /** How results name a path: relative to the root with / separators, or absolute when written absolute. */
    String display(Path absolute, boolean asAbsolute) {
        if (asAbsolute || !absolute.startsWith(root)) {
            return absolute.toString();
        }
        String relative = root.relativize(absolute).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    boolean exists(Path absolute) {
        return Files.exists(absolute);
    }
}
