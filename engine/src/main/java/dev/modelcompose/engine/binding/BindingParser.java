package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.load.Problem;
import dev.modelcompose.engine.load.SourceMark;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code ${...}} bindings of one string of a compose file, once, at load time.
 *
 * <pre>
 * ${ SOURCE PATH? (as TYPE([])?(/SUBTYPE)?([ATTRS])?(;FORMAT)?)? (| DEFAULT)? (@(NAME VALUE))* }
 * </pre>
 * SOURCE is a name, optionally ending in {@code []} ({@code result[]}); PATH is {@code .key}, {@code [n]},
 * {@code [-n]}, {@code [a:b]}, {@code [*]}, {@code ['key']}. A body that is not a plain path is a JEXL expression,
 * optionally followed by {@code | DEFAULT}. {@code $${} writes a literal {@code ${}.
 */
final class BindingParser {
    private static final LoadSettings YAML_SETTINGS = LoadSettings.builder().setSchema(new CoreSchema())
            .setAllowDuplicateKeys(false).build();
    private static final CoreScalarResolver SCALARS = new CoreScalarResolver(false);
    private static final Pattern TRAILING_AS = Pattern.compile("\\s+as\\s+[A-Za-z][^\\s'\"]*$");

    /** Defaults inside defaults inside ...: deeper than this is a mistake, not a template. */
    static final int MAX_NESTING = 16;

    private final String text;
    private final ConfigNode node;
    private final Set<String> allowedSources;
    private int nesting;

    private BindingParser(String text, ConfigNode node, Set<String> allowedSources) {
        this.text = text;
        this.node = node;
        this.allowedSources = allowedSources;
    }

    /**
     * The literal text pieces (String) and bindings ({@link BindingExpression}) of {@code text}, in order; adjacent
     * literal text is merged and {@code $${} is unescaped.
     */
    static List<Object> parse(String text, ConfigNode node, Set<String> allowedSources) {
        return new BindingParser(text, node, allowedSources).parts(0, text.length());
    }

    /** True when {@code text} contains something that {@link #parse} would treat specially. */
    static boolean mayContainBinding(String text) {
        return text.contains("${");
    }

    private List<Object> parts(int from, int to) {
        if (++nesting > MAX_NESTING) {
            throw error(from, "bindings nested more than " + MAX_NESTING + " levels deep", null);
        }
        try {
            return partsAt(from, to);
        } finally {
            nesting--;
        }
    }

    private List<Object> partsAt(int from, int to) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i) && i + 3 <= to) {
                literal.append("${");
                i += 3;
                continue;
            }
            if (c == '$' && text.startsWith("${", i) && i + 2 <= to) {
                int close = findClose(i + 2, to);
                if (close < 0) {
                    throw error(i, "unterminated '${' (no closing '}')", null);
                }
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(binding(i, close + 1));
                i = close + 1;
                continue;
            }
            literal.append(c);
            i++;
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return parts;
    }

    /** The index of the '}' that closes a binding whose body starts at {@code from}, or -1. */
    private int findClose(int from, int to) {
        int close = findClose(from, to, true);
        return close >= 0 ? close : findClose(from, to, false);
    }

    private int findClose(int from, int to, boolean quotes) {
        int depth = 0;
        char quote = 0;
        for (int j = from; j < to; j++) {
            char c = text.charAt(j);
            if (quote != 0) {
                if (c == '\\') {
                    j++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (quotes && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return j;
                }
                depth--;
            }
        }
        return -1;
    }

    /** Compiles the binding written at {@code [start, end)}, {@code ${...}} included. */
    private BindingExpression binding(int start, int end) {
        String written = text.substring(start, end);
        Cursor at = new Cursor(start + 2, end - 1);
        at.skipSpaces();
        int bodyStart = at.pos;
        PathParse path = tryPath(at);
        if (path != null) {
            return pathBinding(written, start, path, at);
        }
        return expressionBinding(written, start, bodyStart, end - 1);
    }

    private record PathParse(String source, List<PathStep> steps, String pathText) {
    }

    /**
     * Reads SOURCE PATH at the cursor and returns it when what follows is the end, {@code as}, a single {@code |} or
     * {@code @(}; otherwise leaves the cursor and returns null (the body is an expression).
     */
    private PathParse tryPath(Cursor at) {
        int begin = at.pos;
        if (!at.has() || !(Character.isLetter(at.peek()) || at.peek() == '_')) {
            return null;
        }
        while (at.has() && (Character.isLetterOrDigit(at.peek()) || at.peek() == '_')) {
            at.pos++;
        }
        String source = text.substring(begin, at.pos);
        if (at.startsWith("[]")) {
            source += "[]";
            at.pos += 2;
        }
        int pathStart = at.pos;
        List<PathStep> steps = new ArrayList<>();
        while (at.has()) {
            char c = at.peek();
            if (c == '.') {
                int keyStart = at.pos + 1;
                int j = keyStart;
                while (j < at.end && isKeyChar(text.charAt(j))) {
                    j++;
                }
                if (j == keyStart) {
                    at.pos = begin;
                    return null;
                }
                steps.add(new PathStep.Key(text.substring(keyStart, j)));
                at.pos = j;
            } else if (c == '[') {
                int close = text.indexOf(']', at.pos);
                if (close < 0 || close >= at.end) {
                    at.pos = begin;
                    return null;
                }
                PathStep step = bracketStep(text.substring(at.pos + 1, close));
                if (step == null) {
                    at.pos = begin;
                    return null;
                }
                steps.add(step);
                at.pos = close + 1;
            } else {
                break;
            }
        }
        String pathText = text.substring(pathStart, at.pos);
        if (pathText.startsWith(".")) {
            pathText = pathText.substring(1);
        }
        int afterPath = at.pos;
        at.skipSpaces();
        boolean spaced = at.pos > afterPath;
        if (!at.has() || (at.peek() == '|' && !at.startsWith("||")) || at.startsWith("@(")
                || (spaced && at.startsWith("as") && (at.pos + 2 == at.end
                || Character.isWhitespace(text.charAt(at.pos + 2))))) {
            return new PathParse(source, steps, pathText);
        }
        at.pos = begin;
        return null;
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static PathStep bracketStep(String inside) {
        String s = inside.trim();
        if (s.equals("*")) {
            return new PathStep.Each();
        }
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return new PathStep.Key(s.substring(1, s.length() - 1));
        }
        int colon = s.indexOf(':');
        try {
            if (colon < 0) {
                return s.matches("-?\\d{1,9}") ? new PathStep.Index(Integer.parseInt(s)) : null;
            }
            String from = s.substring(0, colon).trim();
            String to = s.substring(colon + 1).trim();
            if ((!from.isEmpty() && !from.matches("-?\\d{1,9}")) || (!to.isEmpty() && !to.matches("-?\\d{1,9}"))) {
                return null;
            }
            return new PathStep.Slice(from.isEmpty() ? null : Integer.valueOf(from),
                    to.isEmpty() ? null : Integer.valueOf(to));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private BindingExpression pathBinding(String written, int start, PathParse path, Cursor at) {
        checkSource(path.source(), path.steps(), written, start);
        Conversion conversion = null;
        if (at.startsWith("as")) {
            at.pos += 2;
            at.skipSpaces();
            conversion = conversion(at, written, start);
            at.skipSpaces();
        }
        Tail tail = tail(at, written, start);
        return new BindingExpression(written, markAt(start), node.path(), path.source(),
                path.steps().toArray(new PathStep[0]), path.pathText(), null, conversion, tail.hasDefault,
                tail.defaultValue, tail.defaultTemplate, tail.annotations);
    }

    private BindingExpression expressionBinding(String written, int start, int bodyStart, int bodyEnd) {
        int bar = topLevelBar(bodyStart, bodyEnd);
        int exprEnd = bar < 0 ? bodyEnd : bar;
        String expressionText = text.substring(bodyStart, exprEnd).trim();
        Conversion conversion = null;
        int as = trailingAs(expressionText);
        if (as >= 0) {
            String typeText = expressionText.substring(as).trim().substring(2).trim();
            conversion = conversionOf(typeText, written, start);
            expressionText = expressionText.substring(0, as).trim();
        }
        if (expressionText.isEmpty()) {
            throw error(start, "empty binding " + written, "write a source such as ${input.name}");
        }
        JexlValue expression;
        try {
            expression = JexlValue.compile(expressionText);
        } catch (IllegalArgumentException e) {
            throw error(start, "invalid expression " + written + ": " + e.getMessage(), null);
        }
        for (String source : expression.sources()) {
            checkSource(source, List.of(), written, start);
        }
        Tail tail = new Tail();
        if (bar >= 0) {
            Cursor at = new Cursor(bar, bodyEnd);
            tail = tail(at, written, start);
        }
        return new BindingExpression(written, markAt(start), node.path(), null, new PathStep[0], null, expression,
                conversion, tail.hasDefault, tail.defaultValue, tail.defaultTemplate, tail.annotations);
    }

    /** The index of a single top-level '|' (not '||', not inside quotes or brackets), or -1. */
    private int topLevelBar(int from, int to) {
        int depth = 0;
        char quote = 0;
        for (int j = from; j < to; j++) {
            char c = text.charAt(j);
            if (quote != 0) {
                if (c == '\\') {
                    j++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'' -> quote = c;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth--;
                case '|' -> {
                    if (j + 1 < to && text.charAt(j + 1) == '|') {
                        j++;
                    } else if (depth == 0) {
                        return j;
                    }
                }
                default -> {
                }
            }
        }
        return -1;
    }

    /** Where a trailing {@code as TYPE} starts in an expression, or -1. */
    private static int trailingAs(String expression) {
        Matcher m = TRAILING_AS.matcher(expression);
        return m.find() ? m.start() : -1;
    }

    private Conversion conversion(Cursor at, String written, int start) {
        int typeStart = at.pos;
        while (at.has() && !Character.isWhitespace(at.peek()) && at.peek() != '|' && !at.startsWith("@(")) {
            if (at.peek() == '[') {
                int close = matchingBracket(at.pos, at.end);
                if (close < 0) {
                    throw error(start, "unclosed '[' in the type of " + written, null);
                }
                at.pos = close + 1;
            } else {
                at.pos++;
            }
        }
        return conversionOf(text.substring(typeStart, at.pos), written, start);
    }

    private int matchingBracket(int open, int to) {
        return closing(open, to, '[', ']');
    }

    /** The index of the {@code close} that balances the {@code openChar} at {@code open}, before {@code to}; -1 if none. */
    private int closing(int open, int to, char openChar, char close) {
        int depth = 0;
        for (int j = open; j < to; j++) {
            char c = text.charAt(j);
            if (c == openChar) {
                depth++;
            } else if (c == close) {
                depth--;
                if (depth == 0) {
                    return j;
                }
            }
        }
        return -1;
    }

    /** Parses {@code TYPE([])?(/SUBTYPE)?([ATTRS])?(;FORMAT)?}. */
    private Conversion conversionOf(String spec, String written, int start) {
        if (spec.isEmpty()) {
            throw error(start, "missing type after 'as' in " + written, "known types: " + String.join(", ",
                    Conversion.TYPES));
        }
        int i = 0;
        while (i < spec.length() && "/;[".indexOf(spec.charAt(i)) < 0) {
            i++;
        }
        String type = spec.substring(0, i);
        boolean list = false;
        if (spec.startsWith("[]", i)) {
            list = true;
            i += 2;
        }
        String subtype = null;
        String attrs = null;
        String format = null;
        if (i < spec.length() && spec.charAt(i) == '/') {
            int s = ++i;
            while (i < spec.length() && "[;".indexOf(spec.charAt(i)) < 0) {
                i++;
            }
            subtype = spec.substring(s, i);
        }
        if (i < spec.length() && spec.charAt(i) == '[') {
            int close = spec.lastIndexOf(']');
            if (close < i) {
                throw error(start, "unclosed '[' in the type of " + written, null);
            }
            attrs = spec.substring(i + 1, close);
            i = close + 1;
        }
        if (i < spec.length() && spec.charAt(i) == ';') {
            format = spec.substring(i + 1);
            i = spec.length();
        }
        if (i < spec.length()) {
            throw error(start, "unexpected '" + spec.substring(i) + "' in the type of " + written, null);
        }
        if (!Conversion.TYPES.contains(type)) {
            String hint = DidYouMean.hint(type, Conversion.TYPES);
            throw error(start, "unknown type '" + type + "' in " + written + "; known types: "
                    + String.join(", ", Conversion.TYPES), hint);
        }
        if (attrs != null && attrs.contains("${")) {
            int at = text.indexOf(attrs, start);
            if (at >= 0) {
                parts(at, at + attrs.length());
            }
        }
        if ((subtype != null && subtype.isEmpty()) || (format != null && format.isEmpty())) {
            throw error(start, "empty subtype or format in " + written, null);
        }
        return new Conversion(type, list, subtype, attrs, format);
    }

    private static final class Tail {
        boolean hasDefault;
        Object defaultValue;
        TemplateNode defaultTemplate;
        Map<String, String> annotations = Map.of();
    }

    /** Reads {@code (| DEFAULT)? (@(NAME VALUE))*} up to the end of the binding. */
    private Tail tail(Cursor at, String written, int start) {
        Tail tail = new Tail();
        if (at.has() && at.peek() == '|') {
            at.pos++;
            int defaultStart = at.pos;
            int defaultEnd = annotationsStart(at.pos, at.end);
            String raw = text.substring(defaultStart, defaultEnd).trim();
            tail.hasDefault = true;
            if (raw.contains("${")) {
                tail.defaultValue = raw;
                int from = defaultStart + text.substring(defaultStart, defaultEnd).indexOf(raw);
                tail.defaultTemplate = TemplateCompiler.stringNode(parts(from, from + raw.length()));
            } else {
                tail.defaultValue = PlainValues.freeze(yamlScalar(raw, written, start));
            }
            at.pos = defaultEnd;
        }
        at.skipSpaces();
        Map<String, String> annotations = new LinkedHashMap<>();
        while (at.startsWith("@(")) {
            int close = closingParen(at.pos + 1, at.end);
            if (close < 0) {
                throw error(start, "unclosed '@(' in " + written, null);
            }
            String inside = text.substring(at.pos + 2, close).trim();
            int space = indexOfSpace(inside);
            String name = space < 0 ? inside : inside.substring(0, space);
            String value = space < 0 ? "" : inside.substring(space).trim();
            if (name.isEmpty()) {
                throw error(start, "annotation without a name in " + written, "write @(description Some text)");
            }
            annotations.put(name, value);
            at.pos = close + 1;
            at.skipSpaces();
        }
        if (at.has()) {
            throw error(start, "unexpected '" + text.substring(at.pos, at.end).trim() + "' in " + written,
                    "expected 'as TYPE', '| default' or '@(name value)' after the path");
        }
        tail.annotations = annotations.isEmpty() ? Map.of() : Collections.unmodifiableMap(annotations);
        return tail;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Where the first top-level {@code @(} after a default starts (not inside a nested binding), or {@code to}. */
    private int annotationsStart(int from, int to) {
        int depth = 0;
        for (int j = from; j < to; j++) {
            char c = text.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '@' && depth == 0 && j + 1 < to && text.charAt(j + 1) == '(') {
                return j;
            }
        }
        return to;
    }

    private int closingParen(int open, int to) {
        return closing(open, to, '(', ')');
    }

    /**
     * A default read as YAML: {@code 5} is an integer, {@code true} a boolean, {@code "gpt-4o"} the string gpt-4o,
     * {@code [1, 2]} and {@code {a: 1}} flow collections; other plain text (even with ': ' or '#') stays text.
     */
    private Object yamlScalar(String raw, String written, int start) {
        if (raw.isEmpty()) {
            return "";
        }
        char first = raw.charAt(0);
        if (first == '[' || first == '{' || first == '"' || first == '\'') {
            try {
                return new Load(YAML_SETTINGS).loadFromString(raw);
            } catch (RuntimeException e) {
                throw error(start, "invalid default '" + raw + "' in " + written, "a default is a YAML value such as"
                        + " 5, true, \"text\", [1, 2] or {a: 1}");
            }
        }
        Tag tag = SCALARS.resolve(raw, true);
        if (tag.equals(Tag.STR)) {
            return raw;
        }
        try {
            return new Load(YAML_SETTINGS).loadFromString(raw);
        } catch (RuntimeException e) {
            return raw;
        }
    }

    private void checkSource(String source, List<PathStep> steps, String written, int start) {
        if (allowedSources.contains(source)) {
            return;
        }
        String hint = null;
        if (allowedSources.contains(Sources.JOBS) && !steps.isEmpty() && steps.get(0) instanceof PathStep.Key key
                && key.name().equals(Sources.OUTPUT)) {
            hint = "did you mean '" + "${jobs." + source + written.substring(written.indexOf(source)
                    + source.length()) + "'?";
        }
        if (hint == null) {
            hint = DidYouMean.hint(source, allowedSources);
        }
        if (hint == null) {
            hint = "sources here: " + String.join(", ", new TreeSet<>(allowedSources));
        }
        throw error(start, "unknown source '" + source + "' in " + written, hint);
    }

    private ComposeException error(int offset, String message, String hint) {
        return new ComposeException(new Problem(markAt(offset), node.path(), message, hint));
    }

    /**
     * The mark of the character at {@code offset}: exact when the string was written on one line, each character in
     * its own column (plain or quoted, without escapes); otherwise the node's mark.
     */
    private SourceMark markAt(int offset) {
        SourceMark start = node instanceof ConfigScalar scalar ? scalar.contentMark() : node.mark();
        if (start == null || start.line() <= 0 || text.indexOf('\n') >= 0) {
            return node.mark();
        }
        return new SourceMark(start.file(), start.line(), start.column() + text.codePointCount(0, offset));
    }

    /** A position inside the text, bounded by {@code end}. */
    private final class Cursor {
        int pos;
        final int end;

        Cursor(int pos, int end) {
            this.pos = pos;
            this.end = end;
        }

        boolean has() {
            return pos < end;
        }

        char peek() {
            return text.charAt(pos);
        }

        boolean startsWith(String prefix) {
            return pos + prefix.length() <= end && text.startsWith(prefix, pos);
        }

        void skipSpaces() {
            while (pos < end && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }
    }
}
