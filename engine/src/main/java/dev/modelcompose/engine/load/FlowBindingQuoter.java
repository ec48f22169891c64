package dev.modelcompose.engine.load;

/**
 * Repairs a YAML text whose flow collections hold unquoted bindings, as authors write them:
 * {@code action: { text: ${input.text}, output: ${result} }}. In {@code [ ]} and {@code { }} YAML ends a plain value at
 * '{', so such a file does not parse as written; this pass wraps every plain value in a flow collection that contains
 * {@code ${} in double quotes, keeping the rest of the text as it is. It runs only on a text that failed to parse, and
 * its result is used only when it parses.
 */
final class FlowBindingQuoter {
    private final String text;
    private final StringBuilder out;
    private int i;
    private int flowDepth;
    private boolean changed;

    private FlowBindingQuoter(String text) {
        this.text = text;
        this.out = new StringBuilder(text.length() + 32);
    }

    /** The repaired text, or null when there was nothing to repair. */
    static String quote(String text) {
        FlowBindingQuoter quoter = new FlowBindingQuoter(text);
        quoter.run();
        return quoter.changed ? quoter.out.toString() : null;
    }

    private void run() {
        boolean valueMayStart = false;
        int blockIndent = -1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (blockIndent >= 0 && atLineStart()) {
                int indent = indentAt(i);
                if (indent > blockIndent || isBlankLine(i)) {
                    copyLine();
                    continue;
                }
                blockIndent = -1;
            }
            if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                copyLine();
                valueMayStart = flowDepth > 0;
                continue;
            }
            if (c == '"' || c == '\'') {
                copyQuoted(c);
                valueMayStart = false;
                continue;
            }
            if (flowDepth == 0 && (c == '|' || c == '>') && startsBlockScalar()) {
                blockIndent = indentAt(lineStart(i));
                copyLine();
                continue;
            }
            if (c == '[' || c == '{') {
                flowDepth++;
                out.append(c);
                i++;
                valueMayStart = true;
                continue;
            }
            if ((c == ']' || c == '}') && flowDepth > 0) {
                flowDepth--;
                out.append(c);
                i++;
                valueMayStart = false;
                continue;
            }
            if (flowDepth > 0 && (c == ',' || (c == ':' && nextIsSpace()))) {
                out.append(c);
                i++;
                valueMayStart = true;
                continue;
            }
            if (flowDepth > 0 && valueMayStart && !Character.isWhitespace(c)) {
                copyPlainScalar();
                valueMayStart = false;
                continue;
            }
            out.append(c);
            i++;
        }
    }

    /** A plain value inside a flow collection: quoted when it holds a binding. */
    private void copyPlainScalar() {
        int start = i;
        int end = i;
        int braces = 0;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '$' && end + 1 < text.length() && text.charAt(end + 1) == '{') {
                braces++;
                end += 2;
                continue;
            }
            if (braces > 0) {
                if (c == '{') {
                    braces++;
                } else if (c == '}') {
                    braces--;
                } else if (c == '\n') {
                    break;
                }
                end++;
                continue;
            }
            if (c == ',' || c == ']' || c == '}' || c == '\n' || c == '[' || c == '{'
                    || (c == ':' && end + 1 < text.length() && Character.isWhitespace(text.charAt(end + 1)))
                    || (c == '#' && Character.isWhitespace(text.charAt(end - 1)))) {
                break;
            }
            end++;
        }
        int trimmed = end;
        while (trimmed > start && Character.isWhitespace(text.charAt(trimmed - 1))) {
            trimmed--;
        }
        String scalar = text.substring(start, trimmed);
        if (scalar.contains("${") && braces == 0) {
            out.append('"').append(scalar.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            changed = true;
        } else {
            out.append(scalar);
        }
        out.append(text, trimmed, end);
        i = end;
    }

    private void copyQuoted(char quote) {
        out.append(quote);
        i++;
        while (i < text.length()) {
            char c = text.charAt(i);
            out.append(c);
            i++;
            if (quote == '"' && c == '\\' && i < text.length()) {
                out.append(text.charAt(i));
                i++;
            } else if (c == quote) {
                if (quote == '\'' && i < text.length() && text.charAt(i) == '\'') {
                    out.append('\'');
                    i++;
                } else {
                    return;
                }
            }
        }
    }

    private void copyLine() {
        int end = text.indexOf('\n', i);
        end = end < 0 ? text.length() : end + 1;
        out.append(text, i, end);
        i = end;
    }

    /** '|' or '>' with only indicators, spaces or a comment after it on the line, after ': ' or '- ' or at its start. */
    private boolean startsBlockScalar() {
        int before = i - 1;
        while (before >= 0 && text.charAt(before) == ' ') {
            before--;
        }
        if (before >= 0 && text.charAt(before) != ':' && text.charAt(before) != '-' && text.charAt(before) != '\n') {
            return false;
        }
        int j = i + 1;
        while (j < text.length() && "+-0123456789".indexOf(text.charAt(j)) >= 0) {
            j++;
        }
        while (j < text.length() && text.charAt(j) == ' ') {
            j++;
        }
        return j >= text.length() || text.charAt(j) == '\n' || text.charAt(j) == '#' || text.charAt(j) == '\r';
    }

    private boolean nextIsSpace() {
        return i + 1 >= text.length() || Character.isWhitespace(text.charAt(i + 1));
    }

    private boolean atLineStart() {
        return i == 0 || text.charAt(i - 1) == '\n';
    }

    private int lineStart(int at) {
        int start = text.lastIndexOf('\n', at - 1);
        return start < 0 ? 0 : start + 1;
    }

    private int indentAt(int at) {
        int j = at;
        while (j < text.length() && text.charAt(j) == ' ') {
            j++;
        }
        return j - at;
    }

    private boolean isBlankLine(int at) {
        int j = at;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\r')) {
            j++;
        }
        return j >= text.length() || text.charAt(j) == '\n';
    }
}
