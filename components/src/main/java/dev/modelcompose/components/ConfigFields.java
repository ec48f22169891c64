package dev.modelcompose.components;

import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.engine.binding.Binding;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;

import java.util.List;
import java.util.Set;

/**
 * Reads the fields of a component or action mapping, failing with a {@link ComposeException} at the offending node.
 * A key written with a null value ({@code timeout:}) counts as absent.
 */
public final class ConfigFields {
    private ConfigFields() {
    }

    /** The node under {@code key}, or null when absent or null. */
    public static ConfigNode node(ConfigMap map, String key) {
        ConfigNode node = map.get(key);
        if (node instanceof ConfigScalar scalar && scalar.isNull()) {
            return null;
        }
        return node;
    }

    /** A plain string field (no bindings expected), or {@code fallback} when absent. */
    public static String string(ConfigMap map, String key, String fallback) {
        ConfigNode node = node(map, key);
        if (node == null) {
            return fallback;
        }
        if (node instanceof ConfigScalar scalar && scalar.isString()) {
            return (String) scalar.value();
        }
        throw ComposeException.at(node, "expected a string, got " + node.describe());
    }

    /** A field compiled as a template, or null when absent. */
    public static Template template(ConfigMap map, String key, Set<String> sources) {
        ConfigNode node = node(map, key);
        return node == null ? null : Template.compile(node, sources);
    }

    /** A boolean field that may also be a binding ({@code ${input.stream as boolean | false}}); absent → false. */
    public static Template flag(ConfigMap map, String key, Set<String> sources) {
        ConfigNode node = node(map, key);
        if (node == null) {
            return Template.constant(false);
        }
        if (node instanceof ConfigScalar scalar && scalar.value() instanceof Boolean value) {
            return Template.constant(value);
        }
        if (node instanceof ConfigScalar scalar && scalar.isString() && isSingleBinding(scalar, sources)) {
            return Template.compile(node, sources);
        }
        throw ComposeException.at(node, "expected true, false or a binding, got " + describeValue(node));
    }

    /** True when the string scalar is exactly one {@code ${...}} binding. */
    public static boolean isSingleBinding(ConfigScalar scalar, Set<String> sources) {
        Template template = Template.compile(scalar, sources);
        List<Binding> bindings = template.bindings();
        return bindings.size() == 1 && ((String) scalar.value()).trim().equals(bindings.get(0).text());
    }

    /** {@code 'abc'} for a string, else what kind of node it is. */
    public static String describeValue(ConfigNode node) {
        if (node instanceof ConfigScalar scalar && scalar.isString()) {
            return "'" + scalar.value() + "'";
        }
        if (node instanceof ConfigScalar scalar && !scalar.isNull()) {
            return String.valueOf(scalar.value());
        }
        return node.describe();
    }

    /** Reads a rendered flag value: true/false, or the strings "true"/"false". */
    public static boolean truth(Object rendered, String field) {
        if (rendered instanceof Boolean value) {
            return value;
        }
        if (rendered == null) {
            return false;
        }
        if ("true".equalsIgnoreCase(String.valueOf(rendered))) {
            return true;
        }
        if ("false".equalsIgnoreCase(String.valueOf(rendered))) {
            return false;
        }
        throw new ComponentCallException(field + " must be true or false, got " + ValueText.describe(rendered));
    }
}
