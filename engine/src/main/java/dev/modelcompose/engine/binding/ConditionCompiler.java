package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.load.Problem;
import dev.modelcompose.engine.load.SourceMark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles predicate trees: a leaf {@code {input, operator (eq), value}}, or exactly one of {@code all: [...]},
 * {@code any: [...]}, {@code not: {...}}. {@code all: []} holds, {@code any: []} does not; both short-circuit.
 */
final class ConditionCompiler {
    static final List<String> LEAF_KEYS = List.of("input", "operator", "value");
    static final List<String> COMBINATORS = List.of("all", "any", "not");

    private ConditionCompiler() {
    }

    static Condition compile(ConfigNode node, Set<String> allowedSources) {
        return new CompiledCondition(predicate(node, Set.copyOf(allowedSources), List.of()));
    }

    /**
     * Compiles a predicate node; {@code extraKeys} are keys the caller handles itself (if_true, if_false for
     * {@code ?}) and that are therefore allowed next to a leaf.
     */
    static Predicate predicate(ConfigNode node, Set<String> allowed, List<String> extraKeys) {
        if (!(node instanceof ConfigMap map)) {
            throw ComposeException.at(node, "a condition must be a mapping, got " + node.describe(),
                    "write {input: ${...}, operator: eq, value: ...} or all/any/not");
        }
        List<String> combinators = map.keys().stream().filter(COMBINATORS::contains).toList();
        List<String> leafKeys = map.keys().stream().filter(LEAF_KEYS::contains).toList();
        for (String key : map.keys()) {
            if (!LEAF_KEYS.contains(key) && !COMBINATORS.contains(key) && !extraKeys.contains(key)) {
                List<String> known = new ArrayList<>(LEAF_KEYS);
                known.addAll(COMBINATORS);
                known.addAll(extraKeys);
                throw new ComposeException(new Problem(map.keyMark(key), map.path(),
                        "unknown key '" + key + "' in a condition; expected " + String.join(", ", known),
                        DidYouMean.hint(key, known)));
            }
        }
        if (!combinators.isEmpty() && (!leafKeys.isEmpty() || combinators.size() > 1)) {
            throw ComposeException.at(map, "a condition has either input/operator/value or exactly one of "
                    + "all, any, not; found " + String.join(", ", map.keys().stream()
                    .filter(key -> !extraKeys.contains(key)).toList()));
        }
        if (combinators.isEmpty()) {
            return leaf(map, allowed);
        }
        String combinator = combinators.get(0);
        ConfigNode body = map.get(combinator);
        if (combinator.equals("not")) {
            return new Not(predicate(body, allowed, List.of()));
        }
        if (!(body instanceof ConfigList list)) {
            throw ComposeException.at(body, "'" + combinator + "' needs a list of conditions, got "
                    + body.describe());
        }
        List<Predicate> parts = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            parts.add(predicate(item, allowed, List.of()));
        }
        Predicate[] array = parts.toArray(new Predicate[0]);
        return combinator.equals("all") ? new All(array) : new Any(array);
    }

    private static Predicate leaf(ConfigMap map, Set<String> allowed) {
        ConfigNode inputNode = map.get("input");
        if (inputNode == null) {
            throw ComposeException.at(map, "a condition needs 'input' (the value to test)",
                    "write {input: ${...}, operator: eq, value: ...}");
        }
        Operator operator = Operator.EQ;
        ConfigNode operatorNode = map.get("operator");
        if (operatorNode != null) {
            Object name = operatorNode instanceof ConfigScalar scalar ? scalar.value() : null;
            operator = name instanceof String text ? Operator.fromText(text.trim()) : null;
            if (operator == null) {
                String written = name == null ? operatorNode.describe() : String.valueOf(name);
                throw ComposeException.at(operatorNode, "unknown operator '" + written + "'; expected one of "
                                + String.join(", ", Operator.names()),
                        name == null ? null : DidYouMean.hint(written, Operator.names()));
            }
        }
        ConfigNode valueNode = map.get("value");
        TemplateNode input = TemplateCompiler.node(inputNode, allowed);
        TemplateNode value = valueNode == null ? new TemplateCompiler.ConstantNode(null)
                : TemplateCompiler.node(valueNode, allowed);
        return new Leaf(input, operator, value, map.mark(), map.path());
    }

    /** A compiled predicate. */
    interface Predicate {
        boolean test(Scope scope);

        void collect(List<BindingExpression> into);
    }

    record Leaf(TemplateNode input, Operator operator, TemplateNode value, SourceMark mark, String path)
            implements Predicate {
        @Override
        public boolean test(Scope scope) {
            Object left = input.render(scope);
            Object right = value.render(scope);
            try {
                return operator.test(left, right);
            } catch (BindingException e) {
                if (e.mark() != null) {
                    throw e;
                }
                throw new BindingException((path.isEmpty() ? "" : path + ": ") + operator.text() + ": "
                        + e.getMessage(), mark);
            }
        }

        @Override
        public void collect(List<BindingExpression> into) {
            input.collect(into);
            value.collect(into);
        }
    }

    record All(Predicate[] parts) implements Predicate {
        @Override
        public boolean test(Scope scope) {
            for (Predicate part : parts) {
                if (!part.test(scope)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void collect(List<BindingExpression> into) {
            for (Predicate part : parts) {
                part.collect(into);
            }
        }
    }

    record Any(Predicate[] parts) implements Predicate {
        @Override
        public boolean test(Scope scope) {
            for (Predicate part : parts) {
                if (part.test(scope)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void collect(List<BindingExpression> into) {
            for (Predicate part : parts) {
                part.collect(into);
            }
        }
    }

    record Not(Predicate inner) implements Predicate {
        @Override
        public boolean test(Scope scope) {
            return !inner.test(scope);
        }

        @Override
        public void collect(List<BindingExpression> into) {
            inner.collect(into);
        }
    }

    /** The public face of a compiled predicate. */
    static final class CompiledCondition implements Condition {
        private final Predicate root;
        private final Set<String> referencedJobs;

        CompiledCondition(Predicate root) {
            this.root = root;
            List<BindingExpression> bindings = new ArrayList<>();
            root.collect(bindings);
            Set<String> jobs = new LinkedHashSet<>();
            bindings.forEach(binding -> binding.addReferencedJobs(jobs));
            this.referencedJobs = Set.copyOf(jobs);
        }

        @Override
        public boolean test(Scope scope) {
            return root.test(scope);
        }

        @Override
        public Set<String> referencedJobs() {
            return referencedJobs;
        }
    }
}
