package dev.modelcompose.engine.load;

import java.nio.file.Path;
import java.util.List;

/**
 * The compose document after reading: every file interpolated, normalised (plural keys, shorthands expanded),
 * merged in order, and includes pulled in. Marks point to where each node was written.
 *
 * @param root    the merged document
 * @param files   the files read, as the user named them (includes after the files that include them)
 * @param baseDir the folder of the first file
 */
public record ReadDocument(ConfigMap root, List<String> files, Path baseDir) {
}
