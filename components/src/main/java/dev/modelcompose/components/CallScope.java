package dev.modelcompose.components;

import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.spi.CallContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The scope an action's request fields render against: {@code input}, {@code context} and {@code env}. */
public final class CallScope {
    /** The sources every request field of an action may read. */
    public static final Set<String> REQUEST = Set.of(Sources.INPUT, Sources.CONTEXT, Sources.ENV);

    private CallScope() {
    }

    public static Scope of(Object input, CallContext context) {
        Map<String, Object> sources = new HashMap<>();
        sources.put(Sources.INPUT, input);
        sources.put(Sources.CONTEXT, context.contextSource());
        sources.put(Sources.ENV, context.services().environment());
        return Scope.of(sources);
    }

    /** {@link #REQUEST} plus {@code extra}. */
    public static Set<String> requestAnd(String... extra) {
        Set<String> all = new HashSet<>(REQUEST);
        all.addAll(List.of(extra));
        return Set.copyOf(all);
    }
}
