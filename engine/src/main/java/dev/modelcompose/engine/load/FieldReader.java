package dev.modelcompose.engine.load;

import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Reads typed fields out of {@link ConfigMap}s for the binder, collecting a {@link Problem} for each bad value
 * instead of stopping at the first.
 */
final class FieldReader {
    private final List<Problem> problems = new ArrayList<>();

    List<Problem> problems() {
        return problems;
    }

    void problem(ConfigNode node, String message, String hint) {
        problems.add(Problem.at(node, message, hint));
    }

    void problem(ConfigNode node, String message) {
        problems.add(Problem.at(node, message));
    }

    /** {@code unknown <what> 'x'} with a did-you-mean hint, or a list of the known ones. */
    void unknown(ConfigNode node, String what, String name, Collection<String> known, String knownLabel) {
        String hint = DidYouMean.hint(name, known);
        if (hint == null) {
            hint = known.isEmpty() ? "there are no " + knownLabel : knownLabel + ": " + String.join(", ", known);
        }
        problem(node, "unknown " + what + " '" + name + "'", hint);
    }

    String string(ConfigMap map, String key, String fallback) {
        ConfigNode node = map.get(key);
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return fallback;
        }
        if (node instanceof ConfigScalar scalar) {
            return String.valueOf(scalar.value());
        }
        problem(node, "expected a string, got " + SchemaErrorTranslator.describe(node));
        return fallback;
    }

    boolean bool(ConfigMap map, String key, boolean fallback) {
        ConfigNode node = map.get(key);
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return fallback;
        }
        if (node instanceof ConfigScalar scalar && scalar.value() instanceof Boolean b) {
            return b;
        }
        problem(node, "expected a boolean, got " + SchemaErrorTranslator.describe(node));
        return fallback;
    }

    /** An integer of at least {@code min}; {@code fallback} when absent. */
    int integer(ConfigMap map, String key, int fallback, int min) {
        ConfigNode node = map.get(key);
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return fallback;
        }
        if (node instanceof ConfigScalar scalar && (scalar.value() instanceof Integer || scalar.value() instanceof Long)) {
            long value = ((Number) scalar.value()).longValue();
            if (value < min) {
                problem(node, key + " must be at least " + min + ", got " + value);
                return fallback;
            }
            return (int) Math.min(Integer.MAX_VALUE, value);
        }
        problem(node, "expected an integer, got " + SchemaErrorTranslator.describe(node));
        return fallback;
    }

    double number(ConfigMap map, String key, double fallback) {
        ConfigNode node = map.get(key);
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return fallback;
        }
        if (node instanceof ConfigScalar scalar && scalar.value() instanceof Number n) {
            return n.doubleValue();
        }
        problem(node, "expected a number, got " + SchemaErrorTranslator.describe(node));
        return fallback;
    }

    /** A duration, or null when absent. */
    Duration duration(ConfigMap map, String key) {
        ConfigNode node = map.get(key);
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return null;
        }
        try {
            return Durations.parse(node instanceof ConfigScalar scalar ? scalar.value() : node.describe());
        } catch (IllegalArgumentException e) {
            problem(node, node instanceof ConfigScalar ? e.getMessage()
                    : "expected " + Durations.EXPECTED + ", got " + node.describe());
            return null;
        }
    }

    /** Compiles {@code node} (null when absent); problems in it are collected. */
    Template template(ConfigNode node, Set<String> sources) {
        if (node == null) {
            return null;
        }
        try {
            return Template.compile(node, sources);
        } catch (ComposeException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** The id written under {@code id}, else {@code fallback}; {@code __default__} is refused. */
    String id(ConfigMap map, String fallback, String what) {
        String id = string(map, "id", fallback);
        if ("__default__".equals(id)) {
            problem(map.get("id"), "'__default__' cannot be a " + what + " id",
                    "it is the value that means 'the default " + what + "'");
        }
        return id;
    }

    /** The items of a list node; a single non-list node counts as a one-item list; empty when absent. */
    static List<ConfigNode> items(ConfigNode node) {
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return List.of();
        }
        if (node instanceof ConfigList list) {
            return list.items();
        }
        return List.of(node);
    }
}
