package dev.modelcompose.drivers.pgvector;

import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import io.vertx.core.json.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A {@link VectorFilter} as a SQL condition over the {@code metadata jsonb} column, with its parameters numbered from
 * a given index. Equality and {@code in} compare JSON values (so 3 equals 3.0 but not "3"); ordering operators compare
 * numbers numerically and text by code point, and never match a value of another type. {@code neq} and
 * {@code not-in} match records that lack the field.
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
            String textField = "(metadata ->> $" + key + "::text)";
            int value = key + 1;
            Object operand = condition.value();
            switch (condition.operator()) {
                case EQ -> {
                    params.add(Json.encode(operand));
                    parts.add(field + " = $" + value + "::text::jsonb");
                }
                case NEQ -> {
                    params.add(Json.encode(operand));
                    parts.add(field + " IS DISTINCT FROM $" + value + "::text::jsonb");
                }
                case IN, NOT_IN -> {
                    Collection<?> list = operand instanceof Collection<?> c ? c : List.of(operand);
                    params.add(Json.encode(list));
                    String in = "($" + value + "::text::jsonb @> jsonb_build_array" + field + ")";
                    parts.add(condition.operator() == VectorFilter.Operator.IN ? in : "NOT " + in);
                }
                case GT, GTE, LT, LTE -> {
                    String op = switch (condition.operator()) {
                        case GT -> ">";
                        case GTE -> ">=";
                        case LT -> "<";
                        default -> "<=";
                    };
                    if (operand instanceof Number number) {
                        params.add(number.toString());
                        parts.add("(CASE WHEN jsonb_typeof" + field + " = 'number' THEN " + textField
                                + "::numeric END) " + op + " $" + value + "::text::numeric");
                    } else if (operand instanceof String text) {
                        params.add(text);
                        parts.add("(CASE WHEN jsonb_typeof" + field + " = 'string' THEN " + textField
                                + " END) COLLATE \"C\" " + op + " $" + value + "::text COLLATE \"C\"");
                    } else {
                        throw new VectorStoreException("filter on '" + condition.field() + "': "
                                + condition.operator().id() + " compares numbers or text, got " + Json.encode(operand));
                    }
                }
            }
        }
        return new PgFilterSql(String.join(" AND ", parts), params);
    }
}
