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

    /**
     * Whether {@code left OPERATOR right} holds. Numbers compare by value across Integer, Long, Double and
     * BigDecimal; a number and a string that reads as a number compare as numbers; {@code in} on a string is a
     * substring test; {@code match} is a regular expression anchored at the start of the text.
     *
     * @throws BindingException for an invalid regular expression or values that cannot be ordered
     */
    public boolean test(Object left, Object right) {
        return Comparison.test(this, left, right);
    }
}
