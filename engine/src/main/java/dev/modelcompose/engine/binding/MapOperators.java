package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.SourceMark;
import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The structural operators that replace a whole mapping: {@code *} (map), {@code |} (split), {@code +} (join) and
 * {@code ?} (condition).
 */
final class MapOperators {
    private static final List<String> MAP_SOURCE_KEYS = List.of("input", "where");
    private static final List<String> BRANCH_KEYS = List.of("if_true", "if_false");

    private MapOperators() {
    }

    /**
     * {@code {"*": SRC, k: tpl...}} or {@code {"*": {input: SRC, where: PRED}, ...}}: one rendered template per
     * element with {@code ${item}} and {@code ${index}}; no template gives the (filtered) elements themselves.
     */
    static TemplateNode mapOver(ConfigMap map, Set<String> allowed) {
        ConfigNode spec = map.get(StructuralNodes.MAP);
        Set<String> itemSources = StructuralNodes.withItem(allowed);
        TemplateNode source;
        ConditionCompiler.Predicate where = null;
        if (spec instanceof ConfigMap specMap && (specMap.has("input") || specMap.has("where"))) {
            for (String key : specMap.keys()) {
                if (!MAP_SOURCE_KEYS.contains(key)) {
                    StructuralNodes.unknownKey(specMap, key, MAP_SOURCE_KEYS, "the source of '*'");
                }
            }
            if (!specMap.has("input")) {
                throw ComposeException.at(specMap, "'*' with 'where' needs 'input' (the list to map over)");
            }
            source = TemplateCompiler.node(specMap.get("input"), allowed);
            if (specMap.has("where")) {
                where = ConditionCompiler.predicate(specMap.get("where"), itemSources, List.of());
            }
        } else {
            source = TemplateCompiler.node(spec, allowed);
        }
        ConfigMap rest = StructuralNodes.without(map, StructuralNodes.MAP);
        TemplateNode template = rest.size() == 0 ? null : TemplateCompiler.node(rest, itemSources);
        return new MapOverNode(source, where, template, map.path(), map.mark());
    }

    record MapOverNode(TemplateNode source, ConditionCompiler.Predicate where, TemplateNode template, String path,
                       SourceMark mark) implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            Object value = source.render(scope);
            StructuralNodes.requireIterable(value, "*", path, mark);
            if (value == null) {
                return new ArrayList<>();
            }
            if (value instanceof ChunkStream stream) {
                AtomicInteger counter = new AtomicInteger();
                return stream.map(chunk -> apply(scope, chunk, counter.getAndIncrement()));
            }
            List<?> items = (List<?>) value;
            List<Object> result = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                Scope itemScope = scope.with(Sources.ITEM, item).with(Sources.INDEX, i);
                if (where != null && !where.test(itemScope)) {
                    continue;
                }
                result.add(template == null ? item : template.render(itemScope));
            }
            return result;
        }

        /** One stream chunk: its rendered template, or null (dropped) when {@code where} rejects it. */
        private Object apply(Scope scope, Object chunk, int index) {
            Scope itemScope = scope.with(Sources.ITEM, chunk).with(Sources.INDEX, index);
            if (where != null && !where.test(itemScope)) {
                return null;
            }
            return template == null ? chunk : template.render(itemScope);
        }

        @Override
        public void collect(List<BindingExpression> into) {
            source.collect(into);
            if (where != null) {
                where.collect(into);
            }
            if (template != null) {
                template.collect(into);
            }
        }
    }

    /** {@code {"|": SRC, f1: tpl, f2: tpl}}: {@code {f1: [...], f2: [...]}}, one element per source element. */
    static TemplateNode split(ConfigMap map, Set<String> allowed) {
        ConfigMap rest = StructuralNodes.without(map, StructuralNodes.SPLIT);
        if (rest.size() == 0) {
            throw ComposeException.at(map, "'|' (split) needs at least one field template next to it",
                    "write {\"|\": ${input.points}, xs: ${item.x}, ys: ${item.y}}");
        }
        Set<String> itemSources = StructuralNodes.withItem(allowed);
        TemplateNode source = TemplateCompiler.node(map.get(StructuralNodes.SPLIT), allowed);
        Map<String, TemplateNode> fields = new LinkedHashMap<>();
        rest.entries().forEach((key, node) -> fields.put(key, TemplateCompiler.node(node, itemSources)));
        return new SplitNode(source, fields.keySet().toArray(new String[0]),
                fields.values().toArray(new TemplateNode[0]), map.path(), map.mark());
    }

    record SplitNode(TemplateNode source, String[] names, TemplateNode[] fields, String path, SourceMark mark)
            implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            Object value = source.render(scope);
            StructuralNodes.requireIterable(value, "|", path, mark);
            Map<String, Object> result = new LinkedHashMap<>();
            if (value instanceof ChunkStream stream) {
                return splitStream(scope, stream);
            }
            List<?> items = value == null ? List.of() : (List<?>) value;
            List<List<Object>> columns = new ArrayList<>();
            for (String name : names) {
                List<Object> column = new ArrayList<>(items.size());
                columns.add(column);
                result.put(name, column);
            }
            for (int i = 0; i < items.size(); i++) {
                Scope itemScope = scope.with(Sources.ITEM, items.get(i)).with(Sources.INDEX, i);
                for (int f = 0; f < fields.length; f++) {
                    columns.get(f).add(fields[f].render(itemScope));
                }
            }
            return result;
        }

        /** One stream per field, fed as the source's chunks arrive; the source stops when every field cancels. */
        private Map<String, Object> splitStream(Scope scope, ChunkStream stream) {
            Map<String, Object> result = new LinkedHashMap<>();
            ChunkPublisher[] outputs = new ChunkPublisher[names.length];
            AtomicInteger open = new AtomicInteger(names.length);
            for (int f = 0; f < names.length; f++) {
                outputs[f] = new ChunkPublisher(stream.fragmented());
                outputs[f].onCancel(() -> {
                    if (open.decrementAndGet() == 0) {
                        stream.cancel();
                    }
                });
                result.put(names[f], outputs[f]);
            }
            stream.subscribe(new ChunkSubscriber() {
                private int index;

                @Override
                public void onChunk(Object chunk) {
                    Scope itemScope = scope.with(Sources.ITEM, chunk).with(Sources.INDEX, index++);
                    try {
                        for (int f = 0; f < fields.length; f++) {
                            outputs[f].emit(fields[f].render(itemScope));
                        }
                    } catch (RuntimeException e) {
                        stream.cancel();
                        onError(e);
                    }
                }

                @Override
                public void onError(Throwable error) {
                    for (ChunkPublisher output : outputs) {
                        output.fail(error);
                    }
                }

                @Override
                public void onEnd() {
                    for (ChunkPublisher output : outputs) {
                        output.end();
                    }
                }
            });
            return result;
        }

        @Override
        public void collect(List<BindingExpression> into) {
            source.collect(into);
            for (TemplateNode field : fields) {
                field.collect(into);
            }
        }
    }

    /**
     * {@code {"+": [parts]}} or {@code {"+": ${list}}}: nulls dropped; texts concatenated, lists extended, mappings
     * merged (right wins); no parts gives null; any stream part gives one fragmented stream of all parts in order.
     */
    static TemplateNode join(ConfigNode parts, Set<String> allowed) {
        if (parts instanceof ConfigList list) {
            List<TemplateNode> nodes = new ArrayList<>();
            list.items().forEach(item -> nodes.add(TemplateCompiler.node(item, allowed)));
            return new JoinNode(nodes.toArray(new TemplateNode[0]), null, parts.path(), parts.mark());
        }
        return new JoinNode(null, TemplateCompiler.node(parts, allowed), parts.path(), parts.mark());
    }

    record JoinNode(TemplateNode[] parts, TemplateNode whole, String path, SourceMark mark) implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            List<Object> values = new ArrayList<>();
            if (parts != null) {
                for (TemplateNode part : parts) {
                    Object value = part.render(scope);
                    if (value != null) {
                        values.add(value);
                    }
                }
            } else {
                Object value = whole.render(scope);
                if (value == null) {
                    return null;
                }
                if (!(value instanceof List<?> list)) {
                    throw StructuralNodes.failure(path, mark, "'+' needs a list of parts, got "
                            + ValueText.describe(value));
                }
                list.stream().filter(item -> item != null).forEach(values::add);
            }
            return joinValues(values);
        }

        private Object joinValues(List<Object> values) {
            if (values.isEmpty()) {
                return null;
            }
            if (values.stream().anyMatch(value -> value instanceof ChunkStream)) {
                return new JoinedChunkStream(values);
            }
            Object first = values.get(0);
            if (values.stream().allMatch(value -> value instanceof String)) {
                StringBuilder text = new StringBuilder();
                values.forEach(value -> text.append((String) value));
                return text.toString();
            }
            if (values.stream().allMatch(value -> value instanceof List<?>)) {
                List<Object> joined = new ArrayList<>();
                values.forEach(value -> joined.addAll((List<?>) value));
                return joined;
            }
            if (values.stream().allMatch(value -> value instanceof Map<?, ?>)) {
                Map<String, Object> joined = new LinkedHashMap<>();
                values.forEach(value -> ((Map<?, ?>) value).forEach((k, v) -> joined.put(String.valueOf(k), v)));
                return joined;
            }
            Object other = values.stream().filter(value -> kind(value) != kind(first)).findFirst().orElse(first);
            throw StructuralNodes.failure(path, mark, "'+' needs parts of one kind (all text, all lists or all "
                    + "mappings), got " + ValueText.describe(first) + " and " + ValueText.describe(other));
        }

        private static int kind(Object value) {
            return value instanceof String ? 0 : value instanceof List<?> ? 1 : value instanceof Map<?, ?> ? 2 : 3;
        }

        @Override
        public void collect(List<BindingExpression> into) {
            if (parts != null) {
                for (TemplateNode part : parts) {
                    part.collect(into);
                }
            } else {
                whole.collect(into);
            }
        }
    }

    /**
     * {@code {"?": COND}} or {@code {"?": [COND...]}}, each {@code {input, operator, value, if_true, if_false}}: the
     * first condition that holds gives its if_true; a condition that fails and has if_false gives that at once;
     * otherwise null.
     */
    static TemplateNode conditional(ConfigNode spec, Set<String> allowed) {
        List<ConfigNode> items = spec instanceof ConfigList list ? list.items() : List.of(spec);
        List<Branch> branches = new ArrayList<>();
        for (ConfigNode item : items) {
            ConditionCompiler.Predicate test = ConditionCompiler.predicate(item, allowed, BRANCH_KEYS);
            ConfigMap map = (ConfigMap) item;
            TemplateNode ifTrue = map.has("if_true") ? TemplateCompiler.node(map.get("if_true"), allowed) : null;
            TemplateNode ifFalse = map.has("if_false") ? TemplateCompiler.node(map.get("if_false"), allowed) : null;
            branches.add(new Branch(test, ifTrue, ifFalse));
        }
        return new ConditionalNode(branches.toArray(new Branch[0]));
    }

    record Branch(ConditionCompiler.Predicate test, TemplateNode ifTrue, TemplateNode ifFalse) {
    }

    record ConditionalNode(Branch[] branches) implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            for (Branch branch : branches) {
                if (branch.test().test(scope)) {
                    if (branch.ifTrue() != null) {
                        return branch.ifTrue().render(scope);
                    }
                } else if (branch.ifFalse() != null) {
                    return branch.ifFalse().render(scope);
                }
            }
            return null;
        }

        @Override
        public void collect(List<BindingExpression> into) {
            for (Branch branch : branches) {
                branch.test().collect(into);
                if (branch.ifTrue() != null) {
                    branch.ifTrue().collect(into);
                }
                if (branch.ifFalse() != null) {
                    branch.ifFalse().collect(into);
                }
            }
        }
    }
}
