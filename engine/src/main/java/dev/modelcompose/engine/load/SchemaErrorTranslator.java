package dev.modelcompose.engine.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns one error of the JSON schema validator into a {@link Problem} written for a compose-file author: the place
 * is found by walking the error's instance location back through the {@link ConfigMap}; the wording never shows the
 * validator's own text.
 */
final class SchemaErrorTranslator {
    private final JsonNode schema;
    private final ConfigMap root;
    private final Collection<String> registeredTypes;

    /** @param registeredTypes the component types on the classpath; null: the types the schema names */
    SchemaErrorTranslator(JsonNode schema, ConfigMap root, Collection<String> registeredTypes) {
        this.schema = schema;
        this.root = root;
        this.registeredTypes = registeredTypes;
    }

    Problem translate(Error error) {
        ConfigNode node = locate(error.getInstanceLocation());
        JsonNode schemaNode = schemaAt(error.getSchemaLocation().toString());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        return switch (keyword) {
            case "additionalProperties", "unevaluatedProperties" -> unknownKey(node, error.getProperty(),
                    parentPointer(error.getSchemaLocation().toString()));
            case "type" -> Problem.at(node, "expected " + typeNames(schemaNode) + ", got " + describe(node));
            case "enum" -> notInEnum(node, schemaNode, error.getSchemaLocation().toString());
            case "const" -> Problem.at(node, "expected " + quote(schemaNode) + ", got " + describe(node));
            case "pattern" -> {
                JsonNode owner = schemaAt(parentPointer(error.getSchemaLocation().toString()));
                String expected = owner != null && owner.has("x-expected") ? owner.get("x-expected").asText()
                        : "text of a different form";
                yield Problem.at(node, "expected " + expected + ", got " + describe(node));
            }
            case "minimum", "exclusiveMinimum" -> Problem.at(node, "expected at least "
                    + (schemaNode == null ? "0" : schemaNode.asText()) + ", got " + describe(node));
            case "minItems" -> Problem.at(node, schemaNode != null && schemaNode.asInt() == 1
                    ? "expected a non-empty list" : "expected at least " + schemaNode + " items");
            case "minLength" -> Problem.at(node, "expected a non-empty string");
            case "required" -> missing(node, error.getProperty(),
                    schemaAt(parentPointer(error.getSchemaLocation().toString())));
            case "false" -> misplaced(error.getInstanceLocation(), error.getSchemaLocation().toString());
            default -> Problem.at(node, "is not valid here");
        };
    }

    private Problem unknownKey(ConfigNode node, String key, String ownerLocation) {
        JsonNode owner = schemaAt(ownerLocation);
        List<String> allowed = new ArrayList<>();
        if (owner != null && owner.has("properties")) {
            owner.get("properties").fieldNames().forEachRemaining(allowed::add);
        }
        String hint = DidYouMean.hint(key, allowed);
        if (hint == null) {
            hint = otherTypesWith(key, ownerLocation);
        }
        if (hint == null) {
            hint = allowed.isEmpty() ? "keys starting with x- are allowed for extensions"
                    : "allowed keys: " + String.join(", ", allowed);
        }
        if (node instanceof ConfigMap map) {
            return new Problem(map.keyMark(key), map.path(), "unknown key '" + key + "'", hint);
        }
        return Problem.at(node, "unknown key '" + key + "'", hint);
    }

    /** A key the schema forbids at this place ({@code false}), with the hint the schema gives for it. */
    private Problem misplaced(NodePath location, String schemaLocation) {
        int count = location == null ? 0 : location.getNameCount();
        ConfigNode parent = count == 0 ? root : locate(location.getParent());
        String key = count == 0 ? "" : String.valueOf(location.getElement(count - 1));
        String property = schemaLocation.endsWith("/false") ? parentPointer(schemaLocation) : schemaLocation;
        JsonNode owner = schemaAt(parentPointer(parentPointer(property)));
        String hint = owner != null && owner.has("x-hint") ? owner.get("x-hint").asText() : null;
        SourceMark mark = parent instanceof ConfigMap map ? map.keyMark(key) : parent.mark();
        return new Problem(mark, parent.path(), "'" + key + "' is not allowed here", hint);
    }

    /**
     * For a key unknown to one job type or component type that another type has: {@code 'where' is a field of
     * filter jobs: add type: filter}; null otherwise.
     */
    private String otherTypesWith(String key, String ownerLocation) {
        String definition = ownerLocation.substring(ownerLocation.lastIndexOf('/') + 1);
        String kind = definition.startsWith("job-") ? "job" : definition.startsWith("component-") ? "component"
                : definition.startsWith("action-") ? "action" : null;
        if (kind == null || !ownerLocation.endsWith("/$defs/" + definition)) {
            return null;
        }
        List<String> types = new ArrayList<>();
        schema.path("$defs").fieldNames().forEachRemaining(name -> {
            if (name.startsWith(kind + "-") && schema.path("$defs").path(name).path("properties").has(key)) {
                types.add(name.substring(kind.length() + 1));
            }
        });
        if (types.isEmpty()) {
            return null;
        }
        String noun = kind.equals("action") ? "actions of " + String.join(", ", types) + " components"
                : String.join(", ", types) + " " + kind + "s";
        return "'" + key + "' is a field of " + noun + (types.size() == 1 && kind.equals("job")
                ? ": add type: " + types.get(0) : "");
    }

    /** A required key that is absent; the hint lists its values when the schema names them. */
    private static Problem missing(ConfigNode node, String key, JsonNode owner) {
        JsonNode values = owner == null ? null : owner.path("properties").path(key).get("enum");
        String hint = null;
        if (values != null && values.isArray()) {
            List<String> names = new ArrayList<>();
            values.forEach(v -> names.add(v.asText()));
            hint = "one of: " + String.join(", ", names);
        }
        return Problem.at(node, "missing key '" + key + "'", hint);
    }

    private Problem notInEnum(ConfigNode node, JsonNode values, String schemaLocation) {
        List<String> names = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> names.add(v.asText()));
        }
        String written = node instanceof ConfigScalar scalar && scalar.isString() ? (String) scalar.value() : null;
        boolean componentType = schemaLocation.contains("/$defs/component/properties/type/");
        String kind = componentType ? "component type"
                : schemaLocation.contains("/$defs/job/properties/type/") ? "job type" : null;
        if (kind != null && written != null) {
            List<String> known = (componentType && registeredTypes != null ? registeredTypes : names).stream()
                    .sorted().toList();
            String didYouMean = DidYouMean.hint(written, known);
            String list = (componentType && registeredTypes != null ? "registered types: " : "known types: ")
                    + String.join(", ", known);
            return Problem.at(node, "unknown " + kind + " '" + written + "'",
                    didYouMean == null ? list : didYouMean + " " + list);
        }
        // an enum that accepts both spellings (GET and get) is listed once, in the first spelling
        List<String> shown = new ArrayList<>();
        for (String name : names) {
            if (shown.stream().noneMatch(other -> other.equalsIgnoreCase(name))) {
                shown.add(name);
            }
        }
        String hint = written == null ? null : DidYouMean.hint(written, shown);
        String got = node instanceof ConfigScalar ? ", got " + describe(node) : "";
        return Problem.at(node, "expected one of: " + String.join(", ", shown) + got, hint);
    }

    /** The node at a JSON pointer-like instance location; the deepest existing ancestor when it cannot be found. */
    private ConfigNode locate(NodePath location) {
        ConfigNode current = root;
        if (location == null) {
            return current;
        }
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            ConfigNode next = null;
            if (current instanceof ConfigMap map && element != null) {
                next = map.get(element.toString());
            } else if (current instanceof ConfigList list) {
                int index = element instanceof Integer n ? n : parseIndex(element);
                next = index >= 0 && index < list.size() ? list.get(index) : null;
            }
            if (next == null) {
                return current;
            }
            current = next;
        }
        return current;
    }

    private static int parseIndex(Object element) {
        try {
            return Integer.parseInt(String.valueOf(element));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private JsonNode schemaAt(String location) {
        int hash = location.indexOf('#');
        if (hash < 0) {
            return null;
        }
        String pointer = location.substring(hash + 1);
        JsonNode node = pointer.isEmpty() ? schema : schema.at(pointer);
        return node.isMissingNode() ? null : node;
    }

    private static String parentPointer(String location) {
        int slash = location.lastIndexOf('/');
        return slash < 0 ? location : location.substring(0, slash);
    }

    private static String typeNames(JsonNode types) {
        List<String> names = new ArrayList<>();
        if (types != null && types.isArray()) {
            types.forEach(t -> names.add(typeName(t.asText())));
        } else if (types != null) {
            names.add(typeName(types.asText()));
        }
        if (names.size() <= 1) {
            return names.isEmpty() ? "another kind of value" : names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String typeName(String type) {
        return switch (type) {
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "string" -> "a string";
            case "boolean" -> "a boolean";
            case "object" -> "a mapping";
            case "array" -> "a list";
            default -> type;
        };
    }

    /** What a user would call a value: {@code a string ("three")}, {@code an integer (0)}, {@code a mapping}. */
    static String describe(ConfigNode node) {
        if (node instanceof ConfigScalar scalar && !scalar.isNull()) {
            Object value = scalar.value();
            String text = value.toString();
            if (text.length() > 40) {
                text = text.substring(0, 37) + "...";
            }
            return scalar.describe() + " (" + (scalar.isString() ? "\"" + text + "\"" : text) + ")";
        }
        return node.describe();
    }

    private static String quote(JsonNode value) {
        return value == null ? "another value" : value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }
}
