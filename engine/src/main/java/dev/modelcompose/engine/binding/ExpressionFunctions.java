package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.value.ValueText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions binding expressions may call, e.g. {@code ${upper(input.name)}} or {@code ${join(input.tags, ', ')}}.
 * Method calls on values ({@code x.foo()}) are not allowed in expressions; these functions are the whole library,
 * besides JEXL's own {@code size(x)} and {@code empty(x)}. None of them changes its arguments.
 */
public final class ExpressionFunctions {
    /** The names, for documentation and error hints. */
    public static final List<String> NAMES = List.of("upper", "lower", "trim", "length", "contains", "startsWith",
            "endsWith", "replace", "substring", "split", "join", "keys", "values", "abs", "round", "floor", "ceil",
            "min", "max", "text", "json", "integer", "number");

    ExpressionFunctions() {
    }

    public String upper(Object value) {
        return value == null ? null : ValueText.of(value).toUpperCase(Locale.ROOT);
    }

    public String lower(Object value) {
        return value == null ? null : ValueText.of(value).toLowerCase(Locale.ROOT);
    }

    public String trim(Object value) {
        return value == null ? null : ValueText.of(value).strip();
    }

    /** Characters of a text, elements of a list, entries of a mapping; 0 for null. */
    public int length(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof List<?> list) {
            return list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        return ValueText.of(value).length();
    }

    public boolean contains(Object container, Object item) {
        return Operator.IN.test(item, container);
    }

    public boolean startsWith(Object value, Object prefix) {
        return Operator.STARTS_WITH.test(value, prefix);
    }

    public boolean endsWith(Object value, Object suffix) {
        return Operator.ENDS_WITH.test(value, suffix);
    }

    public String replace(Object value, Object target, Object replacement) {
        return value == null ? null : ValueText.of(value).replace(ValueText.of(target), ValueText.of(replacement));
    }

    /** Characters {@code from} (inclusive) to {@code to} (exclusive), clamped; negative counts from the end. */
    public String substring(Object value, int from, int to) {
        return value == null ? null : (String) new PathStep.Slice(from, to).apply(ValueText.of(value));
    }

    public String substring(Object value, int from) {
        return value == null ? null : (String) new PathStep.Slice(from, null).apply(ValueText.of(value));
    }

    public List<String> split(Object value, Object separator) {
        if (value == null) {
            return null;
        }
        String text = ValueText.of(value);
        String sep = ValueText.of(separator);
        List<String> parts = new ArrayList<>();
        if (sep.isEmpty()) {
            text.codePoints().forEach(c -> parts.add(new String(Character.toChars(c))));
            return parts;
        }
        int at = 0;
        while (true) {
            int next = text.indexOf(sep, at);
            if (next < 0) {
                parts.add(text.substring(at));
                return parts;
            }
            parts.add(text.substring(at, next));
            at = next + sep.length();
        }
    }

    public String join(Object values, Object separator) {
        if (!(values instanceof List<?> list)) {
            return values == null ? null : ValueText.of(values);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                text.append(ValueText.of(separator));
            }
            text.append(ValueText.of(list.get(i)));
        }
        return text.toString();
    }

    public List<Object> keys(Object value) {
        return value instanceof Map<?, ?> map ? new ArrayList<>(map.keySet()) : null;
    }

    public List<Object> values(Object value) {
        return value instanceof Map<?, ?> map ? new ArrayList<>(map.values()) : null;
    }

    public Object abs(Object value) {
        BigDecimal number = Comparison.number(value);
        return number == null ? null : simplest(number.abs());
    }

    public Object round(Object value) {
        BigDecimal number = Comparison.number(value);
        return number == null ? null : simplest(number.setScale(0, java.math.RoundingMode.HALF_UP));
    }

    public Object round(Object value, int digits) {
        BigDecimal number = Comparison.number(value);
        return number == null ? null : simplest(number.setScale(Math.max(0, Math.min(digits, 30)),
                java.math.RoundingMode.HALF_UP));
    }

    public Object floor(Object value) {
        BigDecimal number = Comparison.number(value);
        return number == null ? null : simplest(number.setScale(0, java.math.RoundingMode.FLOOR));
    }

    public Object ceil(Object value) {
        BigDecimal number = Comparison.number(value);
        return number == null ? null : simplest(number.setScale(0, java.math.RoundingMode.CEILING));
    }

    public Object min(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Comparison.order(a, b) <= 0 ? a : b;
    }

    public Object max(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Comparison.order(a, b) >= 0 ? a : b;
    }

    /** The value as text: compact JSON for mappings and lists, true/false, integral numbers without .0. */
    public String text(Object value) {
        return value == null ? null : ValueText.of(value);
    }

    /** Compact JSON text of the value. */
    public String json(Object value) {
        return dev.modelcompose.engine.value.Json.write(value);
    }

    /** The value as an integer, or null when it is not one. */
    public Object integer(Object value) {
        BigDecimal number = Comparison.number(value);
        return number == null ? null : simplest(new BigDecimal(number.toBigInteger()));
    }

    /** The value as a number, or null when it is not one. */
    public Object number(Object value) {
        BigDecimal number = Comparison.number(value);
        return number == null ? null : number.doubleValue();
    }

    private static Object simplest(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            try {
                long whole = stripped.longValueExact();
                return whole == (int) whole ? Integer.valueOf((int) whole) : Long.valueOf(whole);
            } catch (ArithmeticException e) {
                return stripped.toBigInteger();
            }
        }
        return number.doubleValue();
    }
}
