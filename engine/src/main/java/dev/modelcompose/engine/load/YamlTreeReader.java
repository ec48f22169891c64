package dev.modelcompose.engine.load;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML text (YAML 1.2 core schema) into a {@link ConfigNode} tree with 1-based marks, interpolating
 * environment variables in scalar values. Malformed YAML, duplicate keys, non-string keys, unsupported tags, too
 * deep nesting and alias bombs all become a {@link ComposeException} naming {@code file:line:column}.
 */
final class YamlTreeReader {
    /** Deeper nesting than this is refused (no compose file needs it; it guards the recursive composer). */
    static final int MAX_DEPTH = 200;
    /** Nodes one file may expand to, aliases counted each time they are used (guards against "billion laughs"). */
    static final int MAX_NODES = 250_000;
    private static final int MAX_ALIASES = 200;
    private static final CoreSchema SCHEMA = new CoreSchema();

    private final String file;
    private final EnvInterpolator interpolator;
    private final Map<Node, Boolean> onStack = new IdentityHashMap<>();
    private int nodeCount;

    private YamlTreeReader(String file, EnvInterpolator interpolator) {
        this.file = file;
        this.interpolator = interpolator;
    }

    /**
     * Reads {@code text}; returns null when the text holds no document (empty, or only comments).
     *
     * @param file         the file as the user named it, for marks
     * @param interpolator applied to scalar values; null to read values as written
     */
    static ConfigNode read(String text, String file, EnvInterpolator interpolator) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(SCHEMA)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(true)
                .setUseMarks(true)
                .build();
        YamlTreeReader reader = new YamlTreeReader(file, interpolator);
        Optional<Node> root;
        try {
            root = reader.compose(settings, text);
        } catch (ComposeException e) {
            throw e;
        } catch (MarkedYamlEngineException e) {
            throw reader.translate(e, text);
        } catch (ReaderException e) {
            int[] place = lineAndColumn(text, e.getPosition());
            throw reader.problem(place[0], place[1], String.format(
                    "the file contains a character YAML does not allow (U+%04X)", e.getCodePoint()));
        } catch (YamlEngineException e) {
            throw reader.problem(1, 1, "malformed YAML: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw reader.problem(1, 1, "the YAML is nested too deeply");
        } catch (RuntimeException e) {
            throw reader.problem(1, 1, "malformed YAML: " + firstLine(String.valueOf(e.getMessage())));
        }
        if (root.isEmpty()) {
            return null;
        }
        return reader.convert(root.get(), "", false, 0);
    }

    /**
     * Parses the text; when it does not parse and unquoted bindings in flow collections are the cause
     * ({@code { text: ${input.text} }}), parses the text with those quoted instead. Otherwise the first error stands.
     */
    private Optional<Node> compose(LoadSettings settings, String text) {
        try {
            checkDepth(settings, text);
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            String repaired = FlowBindingQuoter.quote(text);
            if (repaired == null) {
                throw e;
            }
            try {
                checkDepth(settings, repaired);
                return new Compose(settings).composeString(repaired);
            } catch (RuntimeException ignored) {
                throw e;
            }
        }
    }

    private void checkDepth(LoadSettings settings, String text) {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            switch (event.getEventId()) {
                case MappingStart, SequenceStart -> {
                    depth++;
                    if (depth > MAX_DEPTH) {
                        throw problemAt(event.getStartMark(),
                                "the YAML is nested more than " + MAX_DEPTH + " levels deep");
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> {
                }
            }
        }
    }

    private ConfigNode convert(Node node, String path, boolean isKey, int depth) {
        if (++nodeCount > MAX_NODES) {
            throw problemAt(node.getStartMark(), "the YAML expands to more than " + MAX_NODES
                    + " values (aliases are counted each time they are used)");
        }
        if (depth > MAX_DEPTH) {
            throw problemAt(node.getStartMark(), "the YAML is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (onStack.containsKey(node)) {
            throw problemAt(node.getStartMark(), "an alias refers to a node that contains it (recursive alias)");
        }
        onStack.put(node, Boolean.TRUE);
        try {
            if (node instanceof MappingNode mapping) {
                return convertMapping(mapping, path, depth);
            }
            if (node instanceof SequenceNode sequence) {
                return convertSequence(sequence, path, depth);
            }
            return convertScalar((ScalarNode) node, path, isKey);
        } finally {
            onStack.remove(node);
        }
    }

    private ConfigList convertSequence(SequenceNode sequence, String path, int depth) {
        checkTag(sequence, Tag.SEQ);
        List<ConfigNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            items.add(convert(item, ConfigNode.childPath(path, items.size()), false, depth + 1));
        }
        return new ConfigList(items, mark(sequence.getStartMark()), path);
    }

    /** Merge keys ({@code <<: *base}) arrive already flattened by SnakeYAML's composer. */
    private ConfigMap convertMapping(MappingNode mapping, String path, int depth) {
        checkTag(mapping, Tag.MAP);
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        Map<String, SourceMark> keyMarks = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = keyOf(keyNode, path);
            SourceMark keyMark = mark(keyNode.getStartMark());
            if (keyMarks.containsKey(key)) {
                throw new ComposeException(new Problem(keyMark, path,
                        "duplicate key '" + key + "' (first written at " + keyMarks.get(key) + ")", null));
            }
            keyMarks.put(key, keyMark);
            entries.put(key, convert(tuple.getValueNode(), ConfigNode.childPath(path, key), false, depth + 1));
        }
        return new ConfigMap(entries, keyMarks, mark(mapping.getStartMark()), path);
    }

    private String keyOf(Node keyNode, String path) {
        if (!(keyNode instanceof ScalarNode scalar)) {
            throw new ComposeException(new Problem(mark(keyNode.getStartMark()), path,
                    "a key must be a string, found " + (keyNode instanceof MappingNode ? "a mapping" : "a list"),
                    null));
        }
        ConfigNode key = convertScalar(scalar, path, true);
        if (!(key.toPlain() instanceof String text)) {
            String written = scalar.getValue();
            throw new ComposeException(new Problem(key.mark(), path,
                    "a key must be a string, found " + key.describe() + " '" + written + "'",
                    "quote it: \"" + written + "\""));
        }
        return text;
    }

    private ConfigScalar convertScalar(ScalarNode scalar, String path, boolean isKey) {
        SourceMark mark = mark(scalar.getStartMark());
        Tag tag = scalar.getTag();
        String text = scalar.getValue();
        String written = text;
        if (!isKey && interpolator != null) {
            EnvInterpolator.Result result = interpolator.interpolate(text, mark, path);
            if (result.changed()) {
                text = result.text();
                boolean retype = scalar.isPlain() && scalar.isResolved() && result.wholeReference()
                        && !result.quotedDefault();
                tag = retype ? SCHEMA.getScalarResolver().resolve(text, true) : Tag.STR;
            }
        }
        if (Tag.STR.equals(tag) || Tag.ENV_TAG.equals(tag)) {
            // SnakeYAML marks plain ${NAME} as an env tag; interpolation is ours, so it is a string here
            return new ConfigScalar(text, mark, path, text.equals(written) ? contentMark(scalar, mark) : null);
        }
        ConstructNode constructor = SCHEMA.getSchemaTagConstructors().get(tag);
        if (constructor == null || !(Tag.NULL.equals(tag) || Tag.BOOL.equals(tag) || Tag.INT.equals(tag)
                || Tag.FLOAT.equals(tag))) {
            throw new ComposeException(new Problem(mark, path, "unsupported YAML tag '" + tag.getValue() + "'",
                    "compose files use plain strings, numbers, booleans, null, lists and mappings"));
        }
        try {
            Object value = constructor.construct(new ScalarNode(tag, text, ScalarStyle.PLAIN));
            return new ConfigScalar(value, mark, path);
        } catch (RuntimeException e) {
            throw new ComposeException(new Problem(mark, path,
                    "'" + text + "' is not a valid " + tag.getValue().replace(Tag.PREFIX, ""), null));
        }
    }

    /**
     * Where a one-line plain or quoted scalar's value starts, if each of its characters was written in one column
     * (no escapes, no doubled quotes); null otherwise.
     */
    private static SourceMark contentMark(ScalarNode scalar, SourceMark mark) {
        Optional<Mark> start = scalar.getStartMark();
        Optional<Mark> end = scalar.getEndMark();
        if (start.isEmpty() || end.isEmpty() || start.get().getLine() != end.get().getLine()) {
            return null;
        }
        int quotes = switch (scalar.getScalarStyle()) {
            case PLAIN -> 0;
            case SINGLE_QUOTED, DOUBLE_QUOTED -> 1;
            default -> -1;
        };
        String value = scalar.getValue();
        if (quotes < 0 || end.get().getColumn() - start.get().getColumn() - 2 * quotes
                != value.codePointCount(0, value.length())) {
            return null;
        }
        return new SourceMark(mark.file(), mark.line(), mark.column() + quotes);
    }

    private void checkTag(Node node, Tag expected) {
        if (!expected.equals(node.getTag())) {
            throw problemAt(node.getStartMark(), "unsupported YAML tag '" + node.getTag().getValue() + "'");
        }
    }

    private SourceMark mark(Optional<Mark> mark) {
        return mark.map(m -> new SourceMark(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new SourceMark(file, 1, 1));
    }

    private ComposeException problemAt(Optional<Mark> mark, String message) {
        return new ComposeException(new Problem(mark(mark), "", message, null));
    }

    private ComposeException problem(int line, int column, String message) {
        return new ComposeException(new Problem(new SourceMark(file, line, column), "", message, null));
    }

    private ComposeException translate(MarkedYamlEngineException e, String text) {
        Optional<Mark> where = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() == null ? "malformed YAML" : firstLine(e.getProblem());
        String hint = null;
        String binding = e.getContext() != null && e.getContext().contains("flow") && where.isPresent()
                ? bindingAt(text, where.get()) : null;
        if (binding != null) {
            // in [ ] and { } a plain ${x} ends at its '{', a flow indicator: the parser then stops at that '{'
            return new ComposeException(new Problem(mark(where), "", "malformed YAML: " + problem,
                    "quote bindings inside [ ] and { }: \"" + binding + "\""));
        }
        if (problem.contains("mapping values are not allowed") && where.isPresent()) {
            String unquoted = bindingAt(text, where.get());
            if (unquoted != null && unquoted.contains(": ")) {
                // a plain value ends at ': ', e.g. the ':' of a ternary in ${a ? b : c}
                return new ComposeException(new Problem(mark(where), "", "malformed YAML: " + problem,
                        "quote a binding that contains ': ': \"" + unquoted + "\""));
            }
        }
        if (problem.contains("another document")) {
            return new ComposeException(new Problem(mark(where), "",
                    "a compose file holds one YAML document; found a second one", "remove the '---' line"));
        }
        if (problem.contains("(TAB)")) {
            return new ComposeException(new Problem(mark(where), "", "malformed YAML: found a tab character",
                    "indent with spaces"));
        }
        if (problem.contains("that cannot start any token")) {
            problem = problem.replaceAll("\\s*\\(Do not use .* for indentation\\)", "")
                    .replace("that cannot start any token.", "that cannot start a plain value");
            return new ComposeException(new Problem(mark(where), "", "malformed YAML: " + problem,
                    "put the value in quotes"));
        }
        if (problem.contains("anchor referencing mapping")) {
            return new ComposeException(new Problem(mark(where), "",
                    "a merge key '<<' takes a mapping or a list of mappings", null));
        }
        if (problem.contains("<block end>")) {
            hint = "check the indentation";
        }
        if (hint == null && e.getContext() != null && e.getContextMark().isPresent()
                && e.getProblemMark().isPresent()) {
            Mark context = e.getContextMark().get();
            hint = firstLine(e.getContext()) + " at line " + (context.getLine() + 1) + ", column "
                    + (context.getColumn() + 1);
        } else if (hint == null && e.getContext() != null) {
            hint = firstLine(e.getContext());
        }
        return new ComposeException(new Problem(mark(where), "", "malformed YAML: " + problem, hint));
    }

    /**
     * The binding written unquoted on the line of {@code where}: the one whose '{' is at {@code where}, else the first
     * on the line; null when the line holds no {@code ${}.
     */
    private static String bindingAt(String text, Mark where) {
        String[] lines = text.split("\n", -1);
        if (where.getLine() >= lines.length) {
            return null;
        }
        String line = lines[where.getLine()];
        int column = line.offsetByCodePoints(0, Math.min(where.getColumn(), line.codePointCount(0, line.length())));
        int start = column > 0 && line.startsWith("${", column - 1) ? column - 1 : line.indexOf("${");
        if (start < 0) {
            return null;
        }
        int depth = 0;
        for (int i = start + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return line.substring(start, i + 1);
            }
        }
        return line.substring(start).strip();
    }

    /** 1-based line and column of the code point at {@code offset} (counted in code points). */
    private static int[] lineAndColumn(String text, int offset) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int i = 0; i < text.length() && index < offset; i = text.offsetByCodePoints(i, 1), index++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
