package dev.modelcompose.engine.load;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Prints a {@link ConfigNode} tree (or plain maps, lists and scalars) as clean block YAML, as {@code compose config}
 * shows it: key order kept, strings quoted only when they would otherwise read differently, multi-line strings as
 * literal blocks. Reading the output back gives an equal tree.
 */
public final class YamlWriter {
    private static final String INDENT = "  ";
    private static final CoreSchema SCHEMA = new CoreSchema();

    private YamlWriter() {
    }

    public static String write(ConfigNode node) {
        return writePlain(node.toPlain());
    }

    /** Writes plain values: Map (String keys), List, String, Number, Boolean, null. */
    public static String writePlain(Object value) {
        StringBuilder out = new StringBuilder();
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            writeMap(out, map, 0);
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            writeList(out, list, 0);
        } else {
            out.append(inline(value, 0)).append('\n');
        }
        return out.toString();
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, int depth) {
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(INDENT.repeat(depth));
            }
            first = false;
            out.append(scalar(String.valueOf(entry.getKey()))).append(':');
            writeValue(out, entry.getValue(), depth + 1, false);
        }
    }

    private static void writeList(StringBuilder out, List<?> list, int depth) {
        boolean first = true;
        for (Object item : list) {
            if (!first) {
                out.append(INDENT.repeat(depth));
            }
            first = false;
            out.append('-');
            writeValue(out, item, depth + 1, true);
        }
    }

    /** Writes a value after "key:" or "-"; block collections continue on the same line inside lists. */
    private static void writeValue(StringBuilder out, Object value, int depth, boolean inList) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            if (inList) {
                out.append(' ');
            } else {
                out.append('\n').append(INDENT.repeat(depth));
            }
            writeMap(out, map, depth);
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            if (inList) {
                out.append(' ');
            } else {
                out.append('\n').append(INDENT.repeat(depth));
            }
            writeList(out, list, depth);
        } else {
            out.append(' ').append(inline(value, depth)).append('\n');
        }
    }

    private static String inline(Object value, int depth) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "{}";
        }
        if (value instanceof List<?>) {
            return "[]";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number)) {
                return ".nan";
            }
            if (Double.isInfinite(number)) {
                return number > 0 ? ".inf" : "-.inf";
            }
            return Double.toString(number);
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String text = value.toString();
        if (isLiteralBlock(text)) {
            return literalBlock(text, depth);
        }
        return scalar(text);
    }

    /** A string as a plain scalar when that reads back as the same string, else double-quoted. */
    static String scalar(String text) {
        return needsQuotes(text) ? doubleQuoted(text) : text;
    }

    private static boolean needsQuotes(String text) {
        if (text.isEmpty() || !text.strip().equals(text)) {
            return true;
        }
        if (!Tag.STR.equals(SCHEMA.getScalarResolver().resolve(text, true))) {
            return true;
        }
        if ("-?:,[]{}#&*!|>'\"%@`".indexOf(text.charAt(0)) >= 0) {
            return true;
        }
        if (text.equals("<<") || text.contains("${") || text.contains(": ") || text.contains(" #")
                || text.endsWith(":")
                || text.startsWith("---") || text.startsWith("...")) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\uFEFF' || Character.isSurrogate(c)
                    || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                return true;
            }
        }
        return false;
    }

    private static String doubleQuoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || Character.isSurrogate(c)
                            || c == '\uFEFF' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Multi-line text without characters a literal block cannot hold. */
    private static boolean isLiteralBlock(String text) {
        if (text.indexOf('\n') < 0 || text.strip().isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                    || Character.isSurrogate(c) || c == '\uFEFF' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        // lines that start with a tab, or blank lines of spaces, could read back differently
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("\t") || (!line.isEmpty() && line.isBlank())) {
                return false;
            }
        }
        return true;
    }

    private static String literalBlock(String text, int depth) {
        String chomp;
        String body;
        if (!text.endsWith("\n")) {
            chomp = "-";
            body = text;
        } else if (text.endsWith("\n\n")) {
            chomp = "+";
            body = text.substring(0, text.length() - 1);
        } else {
            chomp = "";
            body = text.substring(0, text.length() - 1);
        }
        int indent = Math.max(depth, 1) * INDENT.length();
        // content sits one indent step deeper than the node that holds it
        String firstLine = body.lines().filter(line -> !line.isEmpty()).findFirst().orElse("");
        String header = "|" + (firstLine.startsWith(" ") ? String.valueOf(INDENT.length()) : "") + chomp;
        StringBuilder out = new StringBuilder(header);
        String pad = " ".repeat(indent);
        for (String line : body.split("\n", -1)) {
            out.append('\n');
            if (!line.isEmpty()) {
                out.append(pad).append(line);
            }
        }
        return out.toString();
    }
}
