package dev.modelcompose.engine.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void numbersAndBareNumericTextAreSeconds() {
        assertThat(Durations.parse(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse(0.25)).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.parse(" 1.5 ")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void unitsAndCombinations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h2m3s4ms")).isEqualTo(Duration.ofMillis(3_723_004));
        assertThat(Durations.parse("0.5s")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void anythingElseIsAClearError() {
        for (Object bad : new Object[] {"2x", "", "s", "1m 30s", "-1", -2, "1.s", true}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("expected a duration such as 500ms, 2s, 1m30s or a number of seconds, got ");
        }
        assertThatThrownBy(() -> Durations.parse("2x")).hasMessageEndingWith("got \"2x\"");
    }

    @Test
    void formatIsShort() {
        assertThat(Durations.format(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    }
}
