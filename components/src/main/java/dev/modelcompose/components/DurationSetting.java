package dev.modelcompose.components;

import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.model.Durations;

import java.time.Duration;
import java.util.Set;

/**
 * A duration field such as {@code timeout}: fixed ({@code 30s}, {@code 500ms}, a number of seconds) and checked at
 * load, or a binding ({@code ${input.timeout}}) that must render to a duration at call time.
 */
public final class DurationSetting {
    private final Duration fixed;
    private final Template template;
    private final String field;

    private DurationSetting(Duration fixed, Template template, String field) {
        this.fixed = fixed;
        this.template = template;
        this.field = field;
    }

    public static DurationSetting of(Duration fixed) {
        return new DurationSetting(fixed, null, null);
    }

    /** Reads {@code key}; {@code fallback} when absent. */
    public static DurationSetting read(ConfigMap map, String key, Set<String> sources, DurationSetting fallback) {
        ConfigNode node = ConfigFields.node(map, key);
        if (node == null) {
            return fallback;
        }
        if (node instanceof ConfigScalar scalar && scalar.isString() && ((String) scalar.value()).contains("${")) {
            return new DurationSetting(null, Template.compile(node, sources), key);
        }
        if (!(node instanceof ConfigScalar scalar)) {
            throw ComposeException.at(node, "expected " + Durations.EXPECTED + ", got " + node.describe());
        }
        Duration duration;
        try {
            duration = Durations.parse(scalar.value());
        } catch (IllegalArgumentException e) {
            throw ComposeException.at(node, e.getMessage());
        }
        if (duration.isZero()) {
            throw ComposeException.at(node, "expected a duration above zero, got " + scalar.value());
        }
        return of(duration);
    }

    /** The duration for one call; null when none is set. */
    public Duration resolve(Scope scope) {
        if (template == null) {
            return fixed;
        }
        Object rendered = template.render(scope);
        if (rendered == null) {
            return null;
        }
        try {
            return Durations.parse(rendered);
        } catch (IllegalArgumentException e) {
            throw new ComponentCallException(field + ": " + e.getMessage());
        }
    }
}
