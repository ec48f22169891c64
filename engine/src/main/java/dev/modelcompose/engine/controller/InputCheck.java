package dev.modelcompose.engine.controller;

import dev.modelcompose.engine.value.Json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Checks a run's {@code input} against the workflow's inferred input variables before the run starts: an object when
 * named variables exist, and each field that is given has a value its {@code as} type can take. Absent fields are
 * left to the bindings (their defaults, or null), as model-compose does.
 */
final class InputCheck {
    private InputCheck() {
    }

    /** Throws {@link ApiError} (400, {@code invalid_input}) naming the field and what was expected. */
    static void check(WorkflowSchema schema, Object input) {
        List<WorkflowSchema.Variable> named = schema.input().stream().filter(v -> v.name() != null).toList();
        if (named.isEmpty()) {
            return;
        }
        if (input == null) {
            return;
        }
        if (!(input instanceof Map<?, ?> fields)) {
            throw ApiError.invalidInput("input: expected an object with the fields "
                    + String.join(", ", named.stream().map(WorkflowSchema.Variable::name).toList())
                    + ", got " + describe(input));
        }
        for (WorkflowSchema.Variable variable : named) {
            if (variable.name().contains("[")) {
                continue;
            }
            Object value = lookup(fields, variable.name());
            if (value == null) {
                continue;
            }
            String problem = variable.isList() && !(value instanceof List<?>) ? "a list"
                    : variable.isList() ? null : problemOf(variable, value);
            if (problem != null) {
                throw ApiError.invalidInput("input." + variable.name() + ": expected " + problem + ", got "
                        + describe(value));
            }
        }
    }

    private static Object lookup(Map<?, ?> fields, String dotted) {
        Object current = fields;
        for (String part : dotted.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static String problemOf(WorkflowSchema.Variable variable, Object value) {
        if (variable.type() == null) {
            return null;
        }
        switch (variable.type()) {
            case "integer":
                return isInteger(value) ? null : "an integer";
            case "number":
                return isNumber(value) ? null : "a number";
            case "boolean":
                return value instanceof Boolean || "true".equals(value) || "false".equals(value) ? null
                        : "true or false";
            case "list":
                return value instanceof List<?> ? null : "a list";
            case "object":
                return value instanceof Map<?, ?> ? null : "an object";
            case "select":
                if (variable.options() == null || variable.options().contains(String.valueOf(value))) {
                    return null;
                }
                return "one of " + String.join(", ", variable.options());
            case "string":
            case "text":
            case "markdown":
                return value instanceof Map<?, ?> || value instanceof List<?> ? "text" : null;
            default:
                return null;
        }
    }

    private static boolean isInteger(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            return true;
        }
        if (value instanceof Number n) {
            return n.doubleValue() == Math.rint(n.doubleValue());
        }
        if (value instanceof String s) {
            try {
                new BigDecimal(s.trim()).toBigIntegerExact();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean isNumber(Object value) {
        if (value instanceof Number) {
            return true;
        }
        if (value instanceof String s) {
            try {
                new BigDecimal(s.trim());
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    private static String describe(Object value) {
        String json = Json.write(value);
        String shown = json.length() > 60 ? json.substring(0, 57) + "..." : json;
        if (value instanceof Map<?, ?>) {
            return "an object " + shown;
        }
        if (value instanceof List<?>) {
            return "a list " + shown;
        }
        if (value instanceof String) {
            return "the text " + shown;
        }
        return shown;
    }
}
