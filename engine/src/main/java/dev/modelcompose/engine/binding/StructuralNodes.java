package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.load.Problem;
import dev.modelcompose.engine.load.SourceMark;
import dev.modelcompose.engine.value.ChunkStream;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mappings and lists of templates, with the structural keys: {@code ...} (spread), {@code *} (map over a list or
 * stream), {@code ?} (condition), {@code +} (join) and {@code |} (split).
 */
final class StructuralNodes {
    static final String SPREAD = "...";
    static final String MAP = "*";
    static final String CONDITION = "?";
    static final String JOIN = "+";
    static final String SPLIT = "|";

    private StructuralNodes() {
    }

    static TemplateNode map(ConfigMap map, Set<String> allowed) {
        if (map.has(MAP) && map.has(SPLIT)) {
            throw new ComposeException(new Problem(map.keyMark(SPLIT), map.path(),
                    "'*' (map) and '|' (split) cannot be used in the same mapping", null));
        }
        if (map.has(MAP)) {
            return MapOperators.mapOver(map, allowed);
        }
        if (map.has(SPLIT)) {
            return MapOperators.split(map, allowed);
        }
        if (map.size() == 1 && map.has(JOIN)) {
            return MapOperators.join(map.get(JOIN), allowed);
        }
        if (map.size() == 1 && map.has(CONDITION)) {
            return MapOperators.conditional(map.get(CONDITION), allowed);
        }
        List<MapEntry> entries = new ArrayList<>();
        boolean constant = true;
        for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
            String key = entry.getKey();
            EntryKind kind = key.equals(SPREAD) ? EntryKind.SPREAD
                    : key.equals(CONDITION) ? EntryKind.MERGE : EntryKind.KEY;
            TemplateNode value = kind == EntryKind.MERGE ? MapOperators.conditional(entry.getValue(), allowed)
                    : TemplateCompiler.node(entry.getValue(), allowed);
            constant &= value instanceof TemplateCompiler.ConstantNode && kind == EntryKind.KEY;
            entries.add(new MapEntry(key, value, kind));
        }
        if (constant) {
            // the compiled values, not the raw text: a constant string has its $${ unescaped
            Map<String, Object> plain = new LinkedHashMap<>();
            entries.forEach(e -> plain.put(e.key(), ((TemplateCompiler.ConstantNode) e.value()).value()));
            return new TemplateCompiler.ConstantNode(PlainValues.freeze(plain));
        }
        return new MapNode(entries.toArray(new MapEntry[0]), map.path(), map.mark());
    }

    static TemplateNode list(ConfigList list, Set<String> allowed) {
        List<ListItem> items = new ArrayList<>();
        boolean constant = true;
        for (ConfigNode item : list.items()) {
            boolean spread = false;
            TemplateNode value = null;
            if (item instanceof ConfigScalar scalar && scalar.value() instanceof String text
                    && text.startsWith(SPREAD + "${") && text.endsWith("}")) {
                value = TemplateCompiler.node(new ConfigScalar(text.substring(SPREAD.length()),
                        shifted(item.mark(), SPREAD.length()), item.path(),
                        scalar.contentMark() == null ? null : shifted(scalar.contentMark(), SPREAD.length())),
                        allowed);
                spread = value instanceof TemplateCompiler.SingleBindingNode;
            }
            if (!spread) {
                value = TemplateCompiler.node(item, allowed);
            }
            constant &= value instanceof TemplateCompiler.ConstantNode;
            items.add(new ListItem(value, spread));
        }
        if (constant) {
            List<Object> plain = new ArrayList<>(items.size());
            items.forEach(i -> plain.add(((TemplateCompiler.ConstantNode) i.value()).value()));
            return new TemplateCompiler.ConstantNode(PlainValues.freeze(plain));
        }
        return new ListNode(items.toArray(new ListItem[0]), list.path(), list.mark());
    }

    static SourceMark shifted(SourceMark mark, int by) {
        return mark.line() > 0 ? new SourceMark(mark.file(), mark.line(), mark.column() + by) : mark;
    }

    /** The sources of {@code allowed} plus item and index, for templates evaluated per element. */
    static Set<String> withItem(Set<String> allowed) {
        Set<String> sources = new HashSet<>(allowed);
        sources.add(Sources.ITEM);
        sources.add(Sources.INDEX);
        return Set.copyOf(sources);
    }

    /** The mapping without {@code key}, keeping marks and path. */
    static ConfigMap without(ConfigMap map, String key) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>(map.entries());
        entries.remove(key);
        Map<String, SourceMark> marks = new LinkedHashMap<>();
        entries.keySet().forEach(k -> marks.put(k, map.keyMark(k)));
        return new ConfigMap(entries, marks, map.mark(), map.path());
    }

    static BindingException failure(String path, SourceMark mark, String message) {
        return new BindingException((path.isEmpty() ? "" : path + ": ") + message, mark);
    }

    static void unknownKey(ConfigMap map, String key, List<String> known, String what) {
        throw new ComposeException(new Problem(map.keyMark(key), map.path(), "unknown key '" + key + "' in " + what
                + "; expected " + String.join(", ", known), DidYouMean.hint(key, known)));
    }

    enum EntryKind { KEY, SPREAD, MERGE }

    record MapEntry(String key, TemplateNode value, EntryKind kind) {
    }

    record ListItem(TemplateNode value, boolean spread) {
    }

    /**
     * A mapping: entries render in order; a {@code ...} entry merges a mapping in (null is ignored); a {@code ?}
     * entry next to other keys merges the mapping its condition chose (nothing when none matched).
     */
    record MapNode(MapEntry[] entries, String path, SourceMark mark) implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            Map<String, Object> result = new LinkedHashMap<>(Math.max(4, entries.length * 2));
            for (MapEntry entry : entries) {
                Object value = entry.value().render(scope);
                if (entry.kind() == EntryKind.KEY) {
                    result.put(entry.key(), value);
                    continue;
                }
                if (value == null) {
                    continue;
                }
                if (!(value instanceof Map<?, ?> merged)) {
                    throw failure(path, mark, entry.kind() == EntryKind.SPREAD
                            ? "'...' needs a mapping to spread, got " + ValueText.describe(value)
                            : "'?' next to other keys needs a mapping to merge, got " + ValueText.describe(value));
                }
                merged.forEach((key, item) -> result.put(String.valueOf(key), item));
            }
            return result;
        }

        @Override
        public void collect(List<BindingExpression> into) {
            for (MapEntry entry : entries) {
                entry.value().collect(into);
            }
        }
    }

    /** A list: items render in order; an item {@code "...${src}"} inserts the elements of a list (null: none). */
    record ListNode(ListItem[] items, String path, SourceMark mark) implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            List<Object> result = new ArrayList<>(items.length);
            for (ListItem item : items) {
                Object value = item.value().render(scope);
                if (!item.spread()) {
                    result.add(value);
                    continue;
                }
                if (value == null) {
                    continue;
                }
                if (!(value instanceof List<?> spread)) {
                    throw failure(path, mark, "'...' needs a list to spread, got " + ValueText.describe(value));
                }
                result.addAll(spread);
            }
            return result;
        }

        @Override
        public void collect(List<BindingExpression> into) {
            for (ListItem item : items) {
                item.value().collect(into);
            }
        }
    }

    /** The value of {@code value} when it is a list, a stream or null; a clear error otherwise. */
    static void requireIterable(Object value, String operator, String path, SourceMark mark) {
        if (value != null && !(value instanceof List<?>) && !(value instanceof ChunkStream)) {
            throw failure(path, mark, "'" + operator + "' needs a list or a stream, got "
                    + ValueText.describe(value));
        }
    }
}
