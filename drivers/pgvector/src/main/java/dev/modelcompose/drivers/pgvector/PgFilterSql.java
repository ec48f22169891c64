package dev.modelcompose.drivers.pgvector;

import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import io.vertx.core.json.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A {@link VectorFilter} as a SQL condition over the {@code metadata jsonb} column, with its parameters numbered from
 * a given index. Equality and {@code in} use JSON containment, so 3 equals 3.0 but not "3", and a list value matches
 * when one of its elements does; ordering operators compare numbers numerically and text by code point (elements of
 * a list too), and never match a value of another type. {@code neq} and {@code not-in} match records that lack the
 * field.
 */
record PgFilterSql(String sql, List<Object> params) {

    static PgFilterSql of(VectorFilter filter, int firstParam) {
        if (filter == null || filter.isEmpty()) {
            return new PgFilterSql("TRUE", List.of());
        }
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (VectorFilter.Condition condition : filter.conditions()) {
            int key = firstParam + params.size();
            params.add(condition.field());
            String field = "(metadata -> $" + key + "::text)";
            int value = key + 1;
            Object operand = condition.value();
            switch (condition.operator()) {
                case EQ, NEQ -> {
                    params.add(Json.encode(operand));
                    String eq = "COALESCE(" + field + " @> $" + value + "::text::jsonb, FALSE)";
                    parts.add(condition.operator() == VectorFilter.Operator.EQ ? eq : "NOT " + eq);
                }
                case IN, NOT_IN -> {
                    Collection<?> list = operand instanceof Collection<?> c ? c : List.of(operand);
                    params.add(Json.encode(list));
                    String in = "EXISTS (SELECT 1 FROM jsonb_array_elements($" + value + "::text::jsonb) AS wanted(v) "
                            + "WHERE " + field + " @> wanted.v)";
                    parts.add(condition.operator() == VectorFilter.Operator.IN ? in : "NOT " + in);
                }
                case GT, GTE, LT, LTE -> {
                    String op = switch (condition.operator()) {
                        case GT -> ">";
                        case GTE -> ">=";
                        case LT -> "<";
                        default -> "<=";
                    };
                    String compare;
                    if (operand instanceof Number number) {
                        params.add(number.toString());
                        compare = "(CASE WHEN jsonb_typeof(stored.v) = 'number' THEN (stored.v #>> '{}')::numeric END) "
                                + op + " $" + value + "::text::numeric";
                    } else if (operand instanceof String text) {
                        params.add(text);
                        compare = "(CASE WHEN jsonb_typeof(stored.v) = 'string' THEN stored.v #>> '{}' END) COLLATE \"C\" "
                                + op + " $" + value + "::text COLLATE \"C\"";
                    } else {
                        throw new VectorStoreException("filter on '" + condition.field() + "': "
                                + condition.operator().id() + " compares numbers or text, got " + Json.encode(operand));
                    }
                    parts.add("EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof" + field
                            + " = 'array' THEN " + field + " ELSE jsonb_build_array" + field + " END) AS stored(v) "
                            + "WHERE " + compare + ")");
                }
            }
        }
        return new PgFilterSql(String.join(" AND ", parts), params);
    }
}
