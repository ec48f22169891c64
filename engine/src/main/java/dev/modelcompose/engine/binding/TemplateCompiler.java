package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ConfigNode;

import java.util.Set;

/** Stub: replaced by the binding-language implementation. */
final class TemplateCompiler {
    private TemplateCompiler() {
    }

    static Template compile(ConfigNode node, Set<String> allowedSources) {
        throw new UnsupportedOperationException("binding language not implemented yet");
    }

    static Template constant(Object value) {
        throw new UnsupportedOperationException("binding language not implemented yet");
    }
}
