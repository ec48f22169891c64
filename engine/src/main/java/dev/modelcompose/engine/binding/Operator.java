package dev.modelcompose.engine.binding;

import java.util.Arrays;
import java.util.List;

/**
 * Comparison operators of conditions ({@code if}, {@code filter.where}, {@code ?}). Names as written in files:
 * eq, neq, gt, gte, lt, lte, in, not-in, match, not-match, starts-with, ends-with.
 */
public enum Operator {
    EQ("eq"), NEQ("neq"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"), IN("in"), NOT_IN("not-in"),
    MATCH("match"), NOT_MATCH("not-match"), STARTS_WITH("starts-with"), ENDS_WITH("ends-with");

    private final String text;

    Operator(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Operator::text).toList();
    }

    /** The operator written as {@code name}, or null. */
    public static Operator fromText(String name) {
        for (Operator operator : values()) {
            if (operator.text.equals(name)) {
                return operator;
            }
        }
        return null;
    }

    /** Stub: replaced by the binding-language implementation. */
    public boolean test(Object left, Object right) {
        throw new UnsupportedOperationException("operators not implemented yet");
    }
}
