package dev.modelcompose.engine.load;

/**
 * A node of a loaded compose document that remembers where it was written.
 *
 * <p>The loader reads YAML into this tree (keeping every mark through environment interpolation, merging and
 * includes); the binder turns it into the typed model, and component types read their own fields from it, so that
 * every error can name {@code file:line:column} and the path in the document.
 */
public abstract sealed class ConfigNode permits ConfigMap, ConfigList, ConfigScalar {
    private final SourceMark mark;
    private final String path;

    protected ConfigNode(SourceMark mark, String path) {
        this.mark = mark == null ? SourceMark.UNKNOWN : mark;
        this.path = path == null ? "" : path;
    }

    public SourceMark mark() {
        return mark;
    }

    /** The path in the document, such as {@code workflows[0].jobs[1].input.text}; empty for the root. */
    public String path() {
        return path;
    }

    /** This node as plain Java values: Map (insertion ordered), List, String, Long/Integer, Double, Boolean or null. */
    public abstract Object toPlain();

    /** What a user would call this kind of node in an error message: "a mapping", "a list", "a string", ... */
    public abstract String describe();

    public static String childPath(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String childPath(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
