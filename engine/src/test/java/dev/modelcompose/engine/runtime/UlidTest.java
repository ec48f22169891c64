package dev.modelcompose.engine.runtime;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UlidTest {
    @Test
    void isTwentySixCrockfordCharactersStartingWithTheTime() {
        assertThat(Ulid.of(0, new Random(1))).startsWith("0000000000").hasSize(26);
        assertThat(Ulid.of(1_469_918_176_385L, new Random(1))).startsWith("01ARYZ6S41");
        assertThat(Ulid.next()).matches("[0-9A-HJKMNP-TV-Z]{26}");
    }

    @Test
    void sortsByTimeAndDoesNotRepeat() {
        assertThat(Ulid.of(1000, new Random(1))).isLessThan(Ulid.of(1001, new Random(2)));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(Ulid.next());
        }
        assertThat(seen).hasSize(10_000);
    }
}
