package dev.modelcompose.engine.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses an env file the way docker compose does: {@code KEY=VALUE} lines, an optional {@code export } prefix,
 * {@code #} comments and blank lines, single-quoted (literal) and double-quoted (escapes, may span lines) values,
 * and {@code  # comment} after an unquoted value. A malformed line is an error naming {@code file:line}; values are
 * never shown in messages.
 */
final class EnvFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private EnvFile() {
    }

    /** Reads {@code file}; {@code display} is how messages name it. */
    static Map<String, String> read(Path file, String display) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.charset.CharacterCodingException ? " (it is not UTF-8 text)" : "";
            throw new ComposeException(new Problem(new SourceMark(display, 0, 0), "",
                    "cannot read env file" + why, null));
        }
        return parse(text, display);
    }

    static Map<String, String> parse(String text, String display) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> lines = body.lines().toList();
        Map<String, String> values = new LinkedHashMap<>();
        for (int index = 0; index < lines.size(); index++) {
            int lineNumber = index + 1;
            String line = lines.get(index);
            String stripped = line.stripLeading();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            int indent = line.length() - stripped.length();
            if (stripped.startsWith("export ") || stripped.startsWith("export\t")) {
                String rest = stripped.substring("export".length()).stripLeading();
                indent += stripped.length() - rest.length();
                stripped = rest;
            }
            int equals = stripped.indexOf('=');
            if (equals < 0) {
                throw error(display, lineNumber, indent + 1, "expected KEY=VALUE");
            }
            String key = stripped.substring(0, equals).strip();
            if (!NAME.matcher(key).matches()) {
                throw error(display, lineNumber, indent + 1, key.isEmpty() ? "missing variable name before '='"
                        : "'" + key + "' is not a valid variable name");
            }
            String raw = stripped.substring(equals + 1).stripLeading();
            int valueColumn = indent + equals + 2;
            if (raw.startsWith("\"") || raw.startsWith("'")) {
                char quote = raw.charAt(0);
                StringBuilder value = new StringBuilder();
                int startLine = lineNumber;
                String rest = raw.substring(1);
                while (true) {
                    int close = closingQuote(rest, quote);
                    if (close >= 0) {
                        value.append(rest, 0, close);
                        String after = rest.substring(close + 1).strip();
                        if (!after.isEmpty() && !after.startsWith("#")) {
                            throw error(display, lineNumber, valueColumn, "unexpected text after the closing quote");
                        }
                        break;
                    }
                    value.append(rest).append('\n');
                    index++;
                    if (index >= lines.size()) {
                        throw error(display, startLine, valueColumn, "the quoted value is not closed (missing "
                                + quote + ")");
                    }
                    lineNumber = index + 1;
                    rest = lines.get(index);
                }
                values.put(key, quote == '"' ? unescape(value.toString()) : value.toString());
            } else {
                values.put(key, stripInlineComment(raw).strip());
            }
        }
        return values;
    }

    private static int closingQuote(String text, char quote) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '"', '\\', '$' -> out.append(next);
                    default -> out.append('\\').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String stripInlineComment(String value) {
        for (int i = 1; i < value.length(); i++) {
            if (value.charAt(i) == '#' && Character.isWhitespace(value.charAt(i - 1))) {
                return value.substring(0, i);
            }
        }
        return value.startsWith("#") ? "" : value;
    }

    private static ComposeException error(String display, int line, int column, String message) {
        return new ComposeException(new Problem(new SourceMark(display, line, column), "", message, null));
    }
}
