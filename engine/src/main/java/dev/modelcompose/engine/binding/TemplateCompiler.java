package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.value.ChunkStream;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles compose-file nodes into {@link Template}s: strings with bindings, mappings, lists, structural keys. */
final class TemplateCompiler {
    private TemplateCompiler() {
    }

    static Template compile(ConfigNode node, Set<String> allowedSources) {
        return new CompiledTemplate(node(node, Set.copyOf(allowedSources)));
    }

    static Template constant(Object value) {
        return new CompiledTemplate(new ConstantNode(PlainValues.freeze(value)));
    }

    /** Compiles any node; {@code allowed} are the sources it may read. */
    static TemplateNode node(ConfigNode node, Set<String> allowed) {
        if (node instanceof ConfigScalar scalar) {
            if (scalar.value() instanceof String text && BindingParser.mayContainBinding(text)) {
                return stringNode(BindingParser.parse(text, node, allowed));
            }
            return new ConstantNode(scalar.value());
        }
        if (node instanceof ConfigList list) {
            return StructuralNodes.list(list, allowed);
        }
        return StructuralNodes.map((ConfigMap) node, allowed);
    }

    /** A string made of literal pieces and bindings, as returned by {@link BindingParser#parse}. */
    static TemplateNode stringNode(List<Object> parts) {
        if (parts.isEmpty()) {
            return new ConstantNode("");
        }
        if (parts.size() == 1) {
            Object only = parts.get(0);
            return only instanceof BindingExpression binding ? new SingleBindingNode(binding) : new ConstantNode(only);
        }
        return new InterpolationNode(parts.toArray());
    }

    /** A value without bindings. */
    record ConstantNode(Object value) implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            return value instanceof Map<?, ?> || value instanceof List<?> ? PlainValues.copy(value) : value;
        }

        @Override
        public void collect(List<BindingExpression> into) {
        }
    }

    /** A string that is exactly one binding: renders the native value. */
    record SingleBindingNode(BindingExpression binding) implements TemplateNode {
        @Override
        public Object render(Scope scope) {
            return binding.evaluate(scope);
        }

        @Override
        public void collect(List<BindingExpression> into) {
            binding.collect(into);
        }
    }

    /** Text with bindings in it: each value written as text (see {@link ValueText}). */
    static final class InterpolationNode implements TemplateNode {
        private final Object[] parts;
        private final int sizeHint;

        InterpolationNode(Object[] parts) {
            this.parts = parts;
            int size = 16;
            for (Object part : parts) {
                if (part instanceof String text) {
                    size += text.length();
                }
            }
            this.sizeHint = size;
        }

        @Override
        public Object render(Scope scope) {
            StringBuilder text = new StringBuilder(sizeHint);
            for (int i = 0; i < parts.length; i++) {
                Object part = parts[i];
                if (part instanceof BindingExpression binding) {
                    Object value = binding.evaluate(scope);
                    if (value instanceof ChunkStream stream) {
                        return streamFrom(scope, text.toString(), stream, i);
                    }
                    text.append(ValueText.of(value));
                } else {
                    text.append((String) part);
                }
            }
            return text.toString();
        }

        /** Text around a stream: one fragmented stream of the text before, the chunks as text, the text after. */
        private ChunkStream streamFrom(Scope scope, String before, ChunkStream first, int at) {
            List<Object> pieces = new ArrayList<>();
            if (!before.isEmpty()) {
                pieces.add(before);
            }
            pieces.add(first.map(ValueText::of));
            for (int i = at + 1; i < parts.length; i++) {
                Object part = parts[i];
                Object value = part instanceof BindingExpression binding ? binding.evaluate(scope) : part;
                if (value instanceof ChunkStream stream) {
                    pieces.add(stream.map(ValueText::of));
                } else if (value != null) {
                    String text = ValueText.of(value);
                    if (!text.isEmpty()) {
                        pieces.add(text);
                    }
                }
            }
            return new JoinedChunkStream(pieces);
        }

        @Override
        public void collect(List<BindingExpression> into) {
            for (Object part : parts) {
                if (part instanceof BindingExpression binding) {
                    binding.collect(into);
                }
            }
        }
    }

    /** The public face of a compiled node, with its metadata computed once. */
    static final class CompiledTemplate implements Template {
        private final TemplateNode root;
        private final List<BindingExpression> expressions;
        private final Set<String> sources;
        private final Set<String> referencedJobs;
        private final List<Binding> bindings;

        CompiledTemplate(TemplateNode root) {
            this.root = root;
            List<BindingExpression> found = new ArrayList<>();
            root.collect(found);
            this.expressions = List.copyOf(found);
            this.sources = Set.copyOf(BindingExpression.sourcesOf(found));
            Set<String> jobs = new LinkedHashSet<>();
            found.forEach(binding -> binding.addReferencedJobs(jobs));
            this.referencedJobs = Set.copyOf(jobs);
            this.bindings = found.stream().map(BindingExpression::describe).toList();
        }

        @Override
        public Object render(Scope scope) {
            return root.render(scope);
        }

        @Override
        public boolean isConstant() {
            return expressions.isEmpty();
        }

        @Override
        public Set<String> sources() {
            return sources;
        }

        @Override
        public Set<String> referencedJobs() {
            return referencedJobs;
        }

        @Override
        public List<Binding> bindings() {
            return bindings;
        }

        @Override
        public boolean isPassThrough(String source) {
            return root instanceof SingleBindingNode single && single.binding().isBare(source);
        }

        @Override
        public String toString() {
            return "Template" + expressions;
        }
    }
}
