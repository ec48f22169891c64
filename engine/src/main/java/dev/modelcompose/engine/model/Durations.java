package dev.modelcompose.engine.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in compose files: a number is seconds ({@code 2}, {@code 0.5}); text is a number of
 * seconds ({@code "2"}) or units {@code ms s m h d}, combinable ({@code 500ms}, {@code 1m30s}, {@code 1h}).
 */
public final class Durations {
    /** What a duration looks like, for error messages. */
    public static final String EXPECTED = "a duration such as 500ms, 2s, 1m30s or a number of seconds";

    private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code value} (a Number or a String).
     *
     * @throws IllegalArgumentException with a message naming what was expected, e.g.
     *                                  {@code expected a duration such as 500ms, 2s, 1m30s or a number of seconds, got "2x"}
     */
    public static Duration parse(Object value) {
        if (value instanceof Number number) {
            return seconds(new BigDecimal(number.toString()), value);
        }
        if (value instanceof String text) {
            String trimmed = text.trim();
            if (NUMBER.matcher(trimmed).matches()) {
                return seconds(new BigDecimal(trimmed), value);
            }
            Matcher part = PART.matcher(trimmed);
            Duration total = Duration.ZERO;
            int end = 0;
            while (part.find() && part.start() == end) {
                total = total.plus(unit(new BigDecimal(part.group(1)), part.group(2)));
                end = part.end();
            }
            if (end > 0 && end == trimmed.length()) {
                return total;
            }
        }
        throw new IllegalArgumentException("expected " + EXPECTED + ", got " + describe(value));
    }

    /** A short form for messages: {@code 2s}, {@code 500ms}, {@code 1m30s}, {@code 1.5s}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder text = new StringBuilder();
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long rest = millis % 60_000;
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (rest > 0) {
            text.append(BigDecimal.valueOf(rest, 3).stripTrailingZeros().toPlainString()).append('s');
        }
        return text.toString();
    }

    private static Duration seconds(BigDecimal seconds, Object written) {
        if (seconds.signum() < 0) {
            throw new IllegalArgumentException("expected " + EXPECTED + ", got " + describe(written));
        }
        return unit(seconds, "s");
    }

    private static Duration unit(BigDecimal amount, String unit) {
        BigDecimal nanosPerUnit = switch (unit) {
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            default -> BigDecimal.valueOf(86_400_000_000_000L);
        };
        return Duration.ofNanos(amount.multiply(nanosPerUnit).longValue());
    }

    private static String describe(Object value) {
        if (value instanceof String text) {
            return "\"" + text + "\"";
        }
        return value == null ? "nothing" : String.valueOf(value);
    }
}
