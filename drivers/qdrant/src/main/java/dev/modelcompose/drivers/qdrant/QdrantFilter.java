package dev.modelcompose.drivers.qdrant;

import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;

/**
 * A {@link VectorFilter} as a Qdrant filter over the payload's {@code metadata} object: {@code eq} is a
 * {@code match} (numbers: a {@code range} from the value to itself, so 3 matches 3.0), {@code neq} the same under
 * {@code must_not}, ranges a {@code range} (numbers only), {@code in} a nested {@code should} of equalities and
 * {@code not-in} that under {@code must_not}. {@code neq} and {@code not-in} match records without the field.
 */
final class QdrantFilter {
    private QdrantFilter() {
    }

    /** The filter, with {@code has_id} for {@code pointIds} when not null; null when it would match everything. */
    static JsonObject of(VectorFilter filter, List<String> pointIds) {
        JsonArray must = new JsonArray();
        JsonArray mustNot = new JsonArray();
        if (pointIds != null) {
            must.add(new JsonObject().put("has_id", new JsonArray(pointIds)));
        }
        if (filter != null) {
            for (VectorFilter.Condition condition : filter.conditions()) {
                String key = "metadata." + condition.field();
                Object value = condition.value();
                switch (condition.operator()) {
                    case EQ -> must.add(equal(key, value, condition));
                    case NEQ -> mustNot.add(equal(key, value, condition));
                    case IN -> must.add(anyOf(key, value, condition));
                    case NOT_IN -> mustNot.add(anyOf(key, value, condition));
                    case GT, GTE, LT, LTE -> {
                        if (!(value instanceof Number)) {
                            throw new VectorStoreException("filter on '" + condition.field() + "': Qdrant compares "
                                    + "only numbers with " + condition.operator().id() + ", got "
                                    + io.vertx.core.json.Json.encode(value));
                        }
                        String op = switch (condition.operator()) {
                            case GT -> "gt";
                            case GTE -> "gte";
                            case LT -> "lt";
                            default -> "lte";
                        };
                        must.add(new JsonObject().put("key", key).put("range", new JsonObject().put(op, value)));
                    }
                }
            }
        }
        if (must.isEmpty() && mustNot.isEmpty()) {
            return null;
        }
        JsonObject out = new JsonObject();
        if (!must.isEmpty()) {
            out.put("must", must);
        }
        if (!mustNot.isEmpty()) {
            out.put("must_not", mustNot);
        }
        return out;
    }

    private static JsonObject equal(String key, Object value, VectorFilter.Condition condition) {
        if (value instanceof Number) {
            return new JsonObject().put("key", key).put("range", new JsonObject().put("gte", value).put("lte", value));
        }
        if (value instanceof String || value instanceof Boolean) {
            return new JsonObject().put("key", key).put("match", new JsonObject().put("value", value));
        }
        throw new VectorStoreException("filter on '" + condition.field() + "': " + condition.operator().id()
                + " compares a string, number or boolean, got " + io.vertx.core.json.Json.encode(value));
    }

    private static JsonObject anyOf(String key, Object value, VectorFilter.Condition condition) {
        Collection<?> values = value instanceof Collection<?> c ? c : List.of(value);
        JsonArray should = new JsonArray();
        for (Object each : values) {
            should.add(equal(key, each, condition));
        }
        if (should.isEmpty()) {
            // nothing is in an empty list
            should.add(new JsonObject().put("has_id", new JsonArray()));
        }
        return new JsonObject().put("should", should);
    }
}
