package dev.modelcompose.engine.load;

/**
 * One user mistake in a compose file or on the command line.
 *
 * <p>Printed as {@code file:line:column: path: message (hint)}, for example
 * {@code compose.yml:12:7: workflows[0].jobs[1]: unknown key 'depend_on' (did you mean 'depends_on'?)}.
 *
 * @param mark    where it was written
 * @param path    the path in the document ({@code workflows[0].jobs[1].depends_on}), empty for the whole file
 * @param message what is wrong, including what was expected
 * @param hint    a suggestion such as {@code did you mean 'depends_on'?}; null when there is none
 */
public record Problem(SourceMark mark, String path, String message, String hint) {

    public Problem {
        path = path == null ? "" : path;
    }

    public static Problem at(ConfigNode node, String message) {
        return new Problem(node.mark(), node.path(), message, null);
    }

    public static Problem at(ConfigNode node, String message, String hint) {
        return new Problem(node.mark(), node.path(), message, hint);
    }

    public String format() {
        StringBuilder text = new StringBuilder(mark.toString()).append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        text.append(message);
        if (hint != null && !hint.isEmpty()) {
            text.append(" (").append(hint).append(')');
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
