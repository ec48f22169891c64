package dev.modelcompose.engine.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The compose document after reading: every file interpolated, normalised (plural keys, shorthands expanded),
 * merged in order, and includes pulled in. Marks point to where each node was written.
 *
 * @param root    the merged document
 * @param files   the files read, as the user named them (includes after the files that include them)
 * @param baseDir the folder of the first file
 * @param environment the variables the files were interpolated with (env files, process, {@code -e}); the
 *                    {@code env} binding source reads the same at run time
 */
public record ReadDocument(ConfigMap root, List<String> files, Path baseDir, Map<String, String> environment) {

    public ReadDocument {
        environment = Map.copyOf(environment);
    }

    /** A document read with no environment variables. */
    public ReadDocument(ConfigMap root, List<String> files, Path baseDir) {
        this(root, files, baseDir, Map.of());
    }
}
