package dev.modelcompose.engine.model;

import java.time.Duration;

/**
 * {@code retry:} of a job ({@code retry: 3} is {@code max_attempt_count: 3}).
 *
 * @param maxAttemptCount total attempts, at least 1
 * @param delay           wait before the second attempt
 * @param exponential     {@code backoff: exponential}: delay doubles each attempt ({@code delay * 2^(attempt-1)})
 * @param maxDelay        upper bound of the wait, null for none
 */
public record RetrySpec(int maxAttemptCount, Duration delay, boolean exponential, Duration maxDelay) {

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        Duration wait = delay;
        if (exponential) {
            long factor = 1L << Math.min(30, Math.max(0, attempt - 1));
            wait = delay.multipliedBy(factor);
        }
        if (maxDelay != null && wait.compareTo(maxDelay) > 0) {
            wait = maxDelay;
        }
        return wait;
    }
}
