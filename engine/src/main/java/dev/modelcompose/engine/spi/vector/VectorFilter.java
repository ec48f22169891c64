package dev.modelcompose.engine.spi.vector;

import java.util.List;

/**
 * A metadata filter: every condition must hold. {@link #NONE} matches everything.
 */
public record VectorFilter(List<Condition> conditions) {
    public static final VectorFilter NONE = new VectorFilter(List.of());

    /** The operators of {@code filter: [{field, operator, value}]}. */
    public enum Operator {
        EQ("eq"), NEQ("neq"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"), IN("in"), NOT_IN("not-in");

        private final String id;

        Operator(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * @param field    a metadata key
     * @param value    a string, number or boolean; a list for {@code in} and {@code not-in}
     */
    public record Condition(String field, Operator operator, Object value) {
    }

    public boolean isEmpty() {
        return conditions.isEmpty();
    }
}
