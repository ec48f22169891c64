package dev.modelcompose.components.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    private static final long MS = 1_000_000;

    @Test
    void requestsAtTheSameInstantAreSpacedByPeriodOverRequests() {
        RateLimiter limiter = new RateLimiter(10, Duration.ofSeconds(1), 1);
        assertThat(limiter.reserve(0)).isZero();
        assertThat(limiter.reserve(0)).isEqualTo(100 * MS);
        assertThat(limiter.reserve(0)).isEqualTo(200 * MS);
    }

    @Test
    void aRequestAfterAQuietSpellGoesAtOnce() {
        RateLimiter limiter = new RateLimiter(10, Duration.ofSeconds(1), 1);
        limiter.reserve(0);
        assertThat(limiter.reserve(500 * MS)).isZero();
        assertThat(limiter.reserve(550 * MS)).isEqualTo(50 * MS);
    }

    @Test
    void burstLetsThatManyGoAtOnceThenSpaces() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofSeconds(1), 3);
        assertThat(limiter.reserve(0)).isZero();
        assertThat(limiter.reserve(0)).isZero();
        assertThat(limiter.reserve(0)).isZero();
        assertThat(limiter.reserve(0)).isEqualTo(500 * MS);
        assertThat(limiter.reserve(0)).isEqualTo(1000 * MS);
    }
}
