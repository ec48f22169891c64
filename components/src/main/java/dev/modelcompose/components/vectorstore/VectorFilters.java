package dev.modelcompose.components.vectorstore;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorFilter.Condition;
import dev.modelcompose.engine.spi.vector.VectorFilter.Operator;
import dev.modelcompose.engine.value.ValueText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a rendered {@code filter}: a list of {@code {field, operator, value}} ({@code operator} defaults to eq), or
 * the mapping shorthand {@code {field: value}} (eq; a list means in) and {@code {field: {operator: value, ...}}}.
 * A condition whose value is null is left out, so that {@code {source: ${input.source}}} filters only when the input
 * has a source.
 */
final class VectorFilters {
    private static final List<String> OPERATORS = Arrays.stream(Operator.values()).map(Operator::id).toList();

    private VectorFilters() {
    }

    static VectorFilter parse(Object rendered) {
        if (rendered == null) {
            return VectorFilter.NONE;
        }
        List<Condition> conditions = new ArrayList<>();
        if (rendered instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> item)) {
                    throw new ComponentCallException("filter[" + i + "] must be a mapping {field, operator, value}, "
                            + "got " + ValueText.describe(list.get(i)));
                }
                for (Object key : item.keySet()) {
                    if (!List.of("field", "operator", "value").contains(String.valueOf(key))) {
                        String hint = DidYouMean.hint(String.valueOf(key), List.of("field", "operator", "value"));
                        throw new ComponentCallException("filter[" + i + "] has an unknown key '" + key + "'"
                                + (hint == null ? " (keys: field, operator, value)" : " (" + hint + ")"));
                    }
                }
                if (!(item.get("field") instanceof String field) || field.isEmpty()) {
                    throw new ComponentCallException("filter[" + i + "] needs a field name");
                }
                Object op = item.get("operator");
                add(conditions, field, op == null ? "eq" : String.valueOf(op), item.get("value"));
            }
        } else if (rendered instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String field = String.valueOf(key);
                if (value instanceof Map<?, ?> ops) {
                    ops.forEach((op, operand) -> add(conditions, field, String.valueOf(op), operand));
                } else if (value instanceof List<?>) {
                    add(conditions, field, "in", value);
                } else {
                    add(conditions, field, "eq", value);
                }
            });
        } else {
            throw new ComponentCallException("filter must be a list of {field, operator, value} or a mapping "
                    + "{field: value}, got " + ValueText.describe(rendered));
        }
        return conditions.isEmpty() ? VectorFilter.NONE : new VectorFilter(List.copyOf(conditions));
    }

    private static void add(List<Condition> conditions, String field, String opId, Object value) {
        Operator operator = Arrays.stream(Operator.values()).filter(o -> o.id().equals(opId)).findFirst()
                .orElseThrow(() -> {
                    String hint = DidYouMean.hint(opId, OPERATORS);
                    return new ComponentCallException("filter on '" + field + "': unknown operator '" + opId + "' ("
                            + (hint != null ? hint : "operators: " + String.join(", ", OPERATORS)) + ")");
                });
        if (value == null) {
            return;
        }
        switch (operator) {
            case GT, GTE, LT, LTE -> {
                if (!(value instanceof Number)) {
                    throw new ComponentCallException("filter on '" + field + "': " + opId + " needs a number, got "
                            + ValueText.describe(value));
                }
            }
            case IN, NOT_IN -> {
                List<?> values = value instanceof List<?> list ? list : List.of(value);
                values.forEach(v -> scalar(field, opId, v));
                value = List.copyOf(values);
            }
            default -> scalar(field, opId, value);
        }
        conditions.add(new Condition(field, operator, value));
    }

    private static void scalar(String field, String op, Object value) {
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw new ComponentCallException("filter on '" + field + "': " + op + " needs a string, number or "
                    + "boolean, got " + ValueText.describe(value));
        }
    }
}
