package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.value.ValueText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The semantics of {@link Operator}s: numbers compare by value across Integer, Long, Double and BigDecimal
 * ({@code 1 eq 1.0}); a number and a string that reads as a number compare as numbers ({@code "5" eq 5}); strings
 * compare as text. Failures (a regex that does not compile, values that cannot be ordered) throw
 * {@link BindingException} without a mark; the caller adds it.
 */
final class Comparison {
    private static final int PATTERN_CACHE_LIMIT = 512;
    /** Text such as "1e999999999" is not read as a number: expanding it would take gigabytes. */
    static final int MAX_SCALE = 4096;
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private Comparison() {
    }

    static boolean test(Operator operator, Object left, Object right) {
        return switch (operator) {
            case EQ -> same(left, right);
            case NEQ -> !same(left, right);
            case GT -> left != null && right != null && order(left, right) > 0;
            case GTE -> left != null && right != null && order(left, right) >= 0;
            case LT -> left != null && right != null && order(left, right) < 0;
            case LTE -> left != null && right != null && order(left, right) <= 0;
            case IN -> contains(right, left);
            case NOT_IN -> !contains(right, left);
            case MATCH -> left != null && pattern(right).matcher(ValueText.of(left)).lookingAt();
            case NOT_MATCH -> left == null || !pattern(right).matcher(ValueText.of(left)).lookingAt();
            case STARTS_WITH -> left != null && right != null && ValueText.of(left).startsWith(ValueText.of(right));
            case ENDS_WITH -> left != null && right != null && ValueText.of(left).endsWith(ValueText.of(right));
        };
    }

    /** Equality as a user means it: numbers by value, a number and a numeric string by value, lists and maps deep. */
    static boolean same(Object left, Object right) {
        if (left == right) {
            return true;
        }
        if (left == null || right == null) {
            return false;
        }
        if (left instanceof Number || right instanceof Number) {
            BigDecimal a = number(left);
            BigDecimal b = number(right);
            if (a != null && b != null) {
                return a.compareTo(b) == 0;
            }
            return false;
        }
        if (left instanceof List<?> a && right instanceof List<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<?> ia = a.iterator();
            Iterator<?> ib = b.iterator();
            while (ia.hasNext()) {
                if (!same(ia.next(), ib.next())) {
                    return false;
                }
            }
            return true;
        }
        if (left instanceof Map<?, ?> a && right instanceof Map<?, ?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : a.entrySet()) {
                if (!b.containsKey(entry.getKey()) || !same(entry.getValue(), b.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(left, right);
    }

    /** Orders two non-null values: numbers (or a number and a numeric string) by value, strings as text. */
    static int order(Object left, Object right) {
        if (left instanceof Number || right instanceof Number) {
            BigDecimal a = number(left);
            BigDecimal b = number(right);
            if (a != null && b != null) {
                return a.compareTo(b);
            }
        } else if (left instanceof String a && right instanceof String b) {
            return a.compareTo(b);
        } else if (left instanceof Boolean a && right instanceof Boolean b) {
            return a.compareTo(b);
        }
        throw new BindingException("cannot order " + ValueText.describe(left) + " and "
                + ValueText.describe(right), null);
    }

    private static boolean contains(Object container, Object item) {
        if (container == null) {
            return false;
        }
        if (container instanceof List<?> list) {
            for (Object element : list) {
                if (same(item, element)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof String text) {
            return item != null && text.contains(ValueText.of(item));
        }
        if (container instanceof Map<?, ?> map) {
            return item != null && map.containsKey(ValueText.of(item));
        }
        throw new BindingException("'in' needs a list, a string or a mapping, got "
                + ValueText.describe(container), null);
    }

    /** The value of a number, or of a string that reads as one; null otherwise. */
    static BigDecimal number(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
        }
        if (value instanceof String text) {
            String trimmed = text.trim();
            if (trimmed.isEmpty() || trimmed.length() > 64) {
                return null;
            }
            char last = trimmed.charAt(trimmed.length() - 1);
            if (!Character.isDigit(last) && last != '.') {
                return null;
            }
            try {
                BigDecimal parsed = new BigDecimal(trimmed);
                return Math.abs(parsed.scale()) > MAX_SCALE ? null : parsed;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Pattern pattern(Object right) {
        if (right == null) {
            throw new BindingException("'match' needs a regular expression as its value, got null", null);
        }
        String regex = ValueText.of(right);
        Pattern cached = PATTERNS.get(regex);
        if (cached != null) {
            return cached;
        }
        try {
            Pattern compiled = Pattern.compile(regex);
            if (PATTERNS.size() >= PATTERN_CACHE_LIMIT) {
                PATTERNS.clear();
            }
            PATTERNS.put(regex, compiled);
            return compiled;
        } catch (PatternSyntaxException e) {
            throw new BindingException("invalid regular expression '" + regex + "': " + e.getDescription(), null);
        }
    }
}
