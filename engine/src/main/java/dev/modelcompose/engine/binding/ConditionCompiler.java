package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ConfigNode;

import java.util.Set;

/** Stub: replaced by the binding-language implementation. */
final class ConditionCompiler {
    private ConditionCompiler() {
    }

    static Condition compile(ConfigNode node, Set<String> allowedSources) {
        throw new UnsupportedOperationException("conditions not implemented yet");
    }
}
