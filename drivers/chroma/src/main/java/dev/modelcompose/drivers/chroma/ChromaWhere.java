package dev.modelcompose.drivers.chroma;

import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link VectorFilter} as a Chroma {@code where} document ({@code $eq}, {@code $ne}, {@code $gt}, {@code $gte},
 * {@code $lt}, {@code $lte}, {@code $in}, {@code $nin}, joined by {@code $and}). Chroma keeps integers and floats
 * apart and compares a value only with operands of its own kind, so a number becomes an {@code $or} of an integer
 * and a float operand: {@code n > 3.5} is {@code n > 3} for integers or {@code n > 3.5} for floats, and {@code n = 3}
 * matches 3 and 3.0. Chroma never matches a record that lacks the field, not even for {@code neq} and
 * {@code not-in}.
 */
final class ChromaWhere {
    private ChromaWhere() {
    }

    /** The where document, or null when the filter is empty. */
    static JsonObject of(VectorFilter filter) {
        if (filter == null || filter.isEmpty()) {
            return null;
        }
        List<JsonObject> parts = new ArrayList<>();
        for (VectorFilter.Condition condition : filter.conditions()) {
            parts.add(condition(condition));
        }
        return join("$and", parts);
    }

    private static JsonObject condition(VectorFilter.Condition condition) {
        String field = condition.field();
        Object value = condition.value();
        return switch (condition.operator()) {
            case EQ -> join("$or", kinds(value, condition).stream().map(v -> op(field, "$eq", v)).toList());
            case NEQ -> join("$or", kinds(value, condition).stream().map(v -> op(field, "$ne", v)).toList());
            case IN, NOT_IN -> {
                String op = condition.operator() == VectorFilter.Operator.IN ? "$in" : "$nin";
                Collection<?> values = value instanceof Collection<?> c ? c : List.of(value);
                Map<String, JsonArray> groups = new LinkedHashMap<>();
                for (Object each : values) {
                    for (Object typed : kinds(each, condition)) {
                        groups.computeIfAbsent(kind(typed), k -> new JsonArray()).add(typed);
                    }
                }
                if (groups.isEmpty()) {
                    groups.put("string", new JsonArray());
                }
                yield join("$or", groups.values().stream().map(list -> op(field, op, list)).toList());
            }
            case GT, GTE, LT, LTE -> {
                if (!(value instanceof Number number)) {
                    throw new VectorStoreException("filter on '" + field + "': Chroma compares only numbers with "
                            + condition.operator().id() + ", got " + Json.encode(value));
                }
                String op = "$" + condition.operator().id();
                double x = number.doubleValue();
                // the integer operand that selects the same integers: n > 3.5 ⇔ n > 3, n >= 3.5 ⇔ n >= 4
                long whole = switch (condition.operator()) {
                    case GT, LTE -> (long) Math.floor(x);
                    default -> (long) Math.ceil(x);
                };
                yield join("$or", List.of(op(field, op, whole), op(field, op, x)));
            }
        };
    }

    /** A value as Chroma's kinds: a number as an integer (when whole) and a float; a string or boolean as is. */
    private static List<Object> kinds(Object value, VectorFilter.Condition condition) {
        if (value instanceof Number number) {
            double x = number.doubleValue();
            List<Object> out = new ArrayList<>();
            if (x == Math.rint(x) && !Double.isInfinite(x)) {
                out.add((long) x);
            }
            out.add(x);
            return out;
        }
        if (value instanceof String || value instanceof Boolean) {
            return List.of(value);
        }
        throw new VectorStoreException("filter on '" + condition.field() + "': " + condition.operator().id()
                + " compares a string, number or boolean, got " + Json.encode(value));
    }

    private static String kind(Object typed) {
        return typed instanceof Long ? "int" : typed instanceof Double ? "float"
                : typed instanceof Boolean ? "bool" : "string";
    }

    private static JsonObject op(String field, String op, Object operand) {
        return new JsonObject().put(field, new JsonObject().put(op, operand));
    }

    /** Chroma's $and and $or take two or more operands: one stands alone. */
    private static JsonObject join(String op, List<JsonObject> parts) {
        return parts.size() == 1 ? parts.get(0) : new JsonObject().put(op, new JsonArray(new ArrayList<>(parts)));
    }
}
