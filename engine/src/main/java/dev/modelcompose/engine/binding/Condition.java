package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ConfigNode;

import java.util.Set;

/**
 * A compiled predicate tree as used by {@code filter.where} and {@code *} with {@code where}: a leaf
 * {@code {input, operator, value}} or {@code all: [...]}, {@code any: [...]}, {@code not: {...}}.
 */
public interface Condition {

    static Condition compile(ConfigNode node, Set<String> allowedSources) {
        return ConditionCompiler.compile(node, allowedSources);
    }

    boolean test(Scope scope);

    Set<String> referencedJobs();
}
