package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Mappings and lists of templates, with the structural keys {@code ...}, {@code *}, {@code ?}, {@code +}, {@code |}. */
final class StructuralNodes {
    static final String SPREAD = "...";

    private StructuralNodes() {
    }

    static TemplateNode map(ConfigMap map, Set<String> allowed) {
        List<MapEntry> entries = new ArrayList<>();
        boolean constant = true;
        for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
            TemplateNode value = TemplateCompiler.node(entry.getValue(), allowed);
            constant &= value instanceof TemplateCompiler.ConstantNode && !entry.getKey().equals(SPREAD);
            entries.add(new MapEntry(entry.getKey(), value, entry.getKey().equals(SPREAD)));
        }
        if (constant) {
            return new TemplateCompiler.ConstantNode(PlainValues.freeze(map.toPlain()));
        }
        return new MapNode(entries.toArray(new MapEntry[0]), map.path());
    }

    static TemplateNode list(ConfigList list, Set<String> allowed) {
        List<ListItem> items = new ArrayList<>();
        boolean constant = true;
        for (ConfigNode item : list.items()) {
            boolean spread = item instanceof ConfigScalar scalar && scalar.value() instanceof String text
                    && text.startsWith(SPREAD + "${") && text.endsWith("}");
            TemplateNode value;
            if (spread) {
                String text = (String) ((ConfigScalar) item).value();
                value = TemplateCompiler.node(new ConfigScalar(text.substring(SPREAD.length()),
                        shifted(item, SPREAD.length()), item.path()), allowed);
                spread = value instanceof TemplateCompiler.SingleBindingNode;
                if (!spread) {
                    value = TemplateCompiler.node(item, allowed);
                }
            } else {
                value = TemplateCompiler.node(item, allowed);
            }
            constant &= value instanceof TemplateCompiler.ConstantNode;
            items.add(new ListItem(value, spread));
        }
        if (constant) {
            return new TemplateCompiler.ConstantNode(PlainValues.freeze(list.toPlain()));
        }
        return new ListNode(items.toArray(new ListItem[0]), list.path());
    }

    private static dev.modelcompose.engine.load.SourceMark shifted(ConfigNode node, int by) {
        var mark = node.mark();
        return mark.line() > 0 ? new dev.modelcompose.engine.load.SourceMark(mark.file(), mark.line(),
                mark.column() + by) : mark;
    }

    record MapEntry(String key, TemplateNode value, boolean spread) {
    }

    record ListItem(TemplateNode value, boolean spread) {
    }

    /** A mapping: entries render in order; a {@code ...} entry merges a mapping in (null is ignored). */
    record MapNode(MapEntry[] entries, String path) implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            Map<String, Object> result = new LinkedHashMap<>(Math.max(4, entries.length * 2));
            for (MapEntry entry : entries) {
                Object value = entry.value().render(scope);
                if (entry.spread()) {
                    if (value == null) {
                        continue;
                    }
                    if (!(value instanceof Map<?, ?> spread)) {
                        throw new BindingException(where() + "'...' needs a mapping to spread, got "
                                + Conversion.describe(value), null);
                    }
                    spread.forEach((key, item) -> result.put(String.valueOf(key), item));
                } else {
                    result.put(entry.key(), value);
                }
            }
            return result;
        }

        private String where() {
            return path.isEmpty() ? "" : path + ": ";
        }

        @Override
        public void collect(List<BindingExpression> into) {
            for (MapEntry entry : entries) {
                entry.value().collect(into);
            }
        }
    }

    /** A list: items render in order; an item {@code "...${src}"} inserts the elements of a list (null: none). */
    record ListNode(ListItem[] items, String path) implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            List<Object> result = new ArrayList<>(items.length);
            for (ListItem item : items) {
                Object value = item.value().render(scope);
                if (item.spread()) {
                    if (value == null) {
                        continue;
                    }
                    if (!(value instanceof List<?> spread)) {
                        throw new BindingException((path.isEmpty() ? "" : path + ": ")
                                + "'...' needs a list to spread, got " + Conversion.describe(value), null);
                    }
                    result.addAll(spread);
                } else {
                    result.add(value);
                }
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
}
