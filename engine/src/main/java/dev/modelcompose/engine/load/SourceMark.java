package dev.modelcompose.engine.load;

/**
 * Where a node of a compose file was written: the file as the user named it, 1-based line and column.
 * {@link #UNKNOWN} stands for values that did not come from a file (command-line input, defaults).
 */
public record SourceMark(String file, int line, int column) {
    public static final SourceMark UNKNOWN = new SourceMark("<none>", 0, 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
