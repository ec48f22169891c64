package dev.modelcompose.components;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in compose files: a number of seconds ({@code 0.5}, {@code 30}) or text with units
 * ({@code 500ms}, {@code 2s}, {@code 1m30s}, {@code 1h}, {@code 1d}); and back to short text for messages ({@code 2s}).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    private Durations() {
    }

    /** Parses {@code value} (a Number of seconds or a String); null when it is not a duration. */
    public static Duration parse(Object value) {
        if (value instanceof Number number) {
            double seconds = number.doubleValue();
            return seconds < 0 ? null : ofSeconds(BigDecimal.valueOf(seconds));
        }
        if (!(value instanceof String text)) {
            return null;
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (NUMBER.matcher(trimmed).matches()) {
            return ofSeconds(new BigDecimal(trimmed));
        }
        Matcher matcher = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int at = 0;
        while (matcher.find() && matcher.start() == at) {
            BigDecimal amount = new BigDecimal(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofNanos(amount.multiply(BigDecimal.valueOf(1_000_000)).longValue());
                case "s" -> ofSeconds(amount);
                case "m" -> ofSeconds(amount.multiply(BigDecimal.valueOf(60)));
                case "h" -> ofSeconds(amount.multiply(BigDecimal.valueOf(3600)));
                default -> ofSeconds(amount.multiply(BigDecimal.valueOf(86400)));
            });
            at = matcher.end();
            while (at < trimmed.length() && trimmed.charAt(at) == ' ') {
                at++;
            }
        }
        return at == trimmed.length() ? total : null;
    }

    /** Short text for messages: {@code 2s}, {@code 500ms}, {@code 1.5s}, {@code 5m}, {@code 1h}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis > 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis > 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }

    private static Duration ofSeconds(BigDecimal seconds) {
        return Duration.ofNanos(seconds.multiply(BigDecimal.valueOf(1_000_000_000L)).longValue());
    }
}
