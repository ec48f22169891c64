package dev.modelcompose.components.http;

import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.model.Durations;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rate_limit}: at most {@code requests} per {@code period}, evenly spaced, with up to {@code burst} requests at
 * once (default 1), and at least {@code interval} between two requests when given. Written {@code "10/s"},
 * {@code "100/1m"}, {@code "5/0.5s"} or {@code {requests, period, burst, interval}}.
 * A call over the rate waits on a timer (generic cell rate algorithm); nothing blocks.
 */
final class RateLimiter {
    private static final Pattern SHORTHAND = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\S+)\\s*");
    private static final List<String> KEYS = List.of("requests", "period", "burst", "interval");
    private static final String EXPECTED = "a rate such as 10/s, 100/1m or {requests: 10, period: 1s}";

    private final long intervalNanos;
    private final long toleranceNanos;
    private long theoreticalArrival = Long.MIN_VALUE;

    RateLimiter(int requests, Duration period, int burst) {
        this(period.toNanos() / requests, burst);
    }

    private RateLimiter(long intervalNanos, int burst) {
        this.intervalNanos = intervalNanos;
        this.toleranceNanos = (burst - 1) * intervalNanos;
    }

    /** Reads {@code rate_limit}; null when absent. */
    static RateLimiter read(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "rate_limit");
        if (node == null) {
            return null;
        }
        if (node instanceof ConfigScalar scalar && scalar.isString()) {
            Matcher matcher = SHORTHAND.matcher((String) scalar.value());
            if (matcher.matches()) {
                String unit = matcher.group(2);
                Duration period = period(Character.isDigit(unit.charAt(0)) ? unit : "1" + unit);
                int requests = Integer.parseInt(matcher.group(1));
                if (period != null && !period.isZero() && requests > 0) {
                    return new RateLimiter(requests, period, 1);
                }
            }
            throw ComposeException.at(node, "expected " + EXPECTED + ", got '" + scalar.value() + "'");
        }
        if (!(node instanceof ConfigMap map)) {
            throw ComposeException.at(node, "expected " + EXPECTED + ", got " + node.describe());
        }
        for (String key : map.keys()) {
            if (!KEYS.contains(key) && !key.startsWith("x-")) {
                throw ComposeException.at(map.get(key), "unknown key '" + key + "' in rate_limit",
                        DidYouMean.hint(key, KEYS));
            }
        }
        Duration interval = map.has("interval") ? duration(map, "interval") : Duration.ZERO;
        int requests = positive(map, "requests", interval.isZero() ? null : 1);
        Duration period = map.has("period") ? duration(map, "period") : Duration.ofSeconds(1);
        if (!map.has("requests")) {
            period = Duration.ZERO;
        }
        long spacing = Math.max(period.toNanos() / requests, interval.toNanos());
        return new RateLimiter(spacing, positive(map, "burst", 1));
    }

    private static Duration duration(ConfigMap map, String key) {
        ConfigNode node = map.get(key);
        Duration duration = node instanceof ConfigScalar scalar ? period(scalar.value()) : null;
        if (duration == null) {
            throw ComposeException.at(node, "expected a duration such as 1s or 1m, got "
                    + ConfigFields.describeValue(node));
        }
        return duration;
    }

    /** A period above zero, or null. */
    private static Duration period(Object written) {
        try {
            Duration period = Durations.parse(written);
            return period.isZero() ? null : period;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int positive(ConfigMap map, String key, Integer fallback) {
        ConfigNode node = map.get(key);
        if (node == null && fallback != null) {
            return fallback;
        }
        if (node == null) {
            throw ComposeException.at(map, "rate_limit needs '" + key + "'", "for example {requests: 10, period: 1s}");
        }
        if (node instanceof ConfigScalar scalar && scalar.value() instanceof Number number
                && number.doubleValue() >= 1 && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.intValue();
        }
        throw ComposeException.at(node, "expected a whole number of at least 1, got "
                + ConfigFields.describeValue(node));
    }

    /** Completes when the next request may start. */
    Future<Void> acquire(Vertx vertx) {
        long wait = reserve(System.nanoTime());
        if (wait <= 0) {
            return Future.succeededFuture();
        }
        Promise<Void> slot = Promise.promise();
        vertx.setTimer(Math.max(1, Math.round(wait / 1e6)), id -> slot.complete());
        return slot.future();
    }

    /** Books the next slot at or after {@code now}; returns nanoseconds to wait for it. */
    synchronized long reserve(long now) {
        long arrival = theoreticalArrival == Long.MIN_VALUE ? now : Math.max(theoreticalArrival, now);
        long start = Math.max(now, arrival - toleranceNanos);
        theoreticalArrival = arrival + intervalNanos;
        return start - now;
    }
}
