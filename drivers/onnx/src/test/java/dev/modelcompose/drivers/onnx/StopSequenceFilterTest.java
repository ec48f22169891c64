package dev.modelcompose.drivers.onnx;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StopSequenceFilterTest {

    @Test
    void withoutStopSequencesEverythingPassesAtOnce() {
        StopSequenceFilter filter = new StopSequenceFilter(List.of());

        assertThat(filter.offer("Hello")).isEqualTo("Hello");
        assertThat(filter.offer(" world")).isEqualTo(" world");
        assertThat(filter.flush()).isEmpty();
    }

    @Test
    void holdsBackAPossibleStartAndCutsBeforeTheStopSequence() {
        StopSequenceFilter filter = new StopSequenceFilter(List.of("\nUser:"));

        assertThat(filter.offer("Sure.")).isEqualTo("Sure.");
        assertThat(filter.offer("\nUs")).isEmpty();
        assertThat(filter.offer("er")).isEmpty();
        assertThat(filter.offer(": next")).isEmpty();
        assertThat(filter.stopped()).isTrue();
        assertThat(filter.emittedText()).isEqualTo("Sure.");
    }

    @Test
    void releasesHeldTextWhenItTurnsOutNotToBeAStop() {
        StopSequenceFilter filter = new StopSequenceFilter(List.of("###"));

        assertThat(filter.offer("a #")).isEqualTo("a ");
        assertThat(filter.offer("# b")).isEqualTo("## b");
        assertThat(filter.offer("#")).isEmpty();
        assertThat(filter.flush()).isEqualTo("#");
        assertThat(filter.stopped()).isFalse();
        assertThat(filter.emittedText()).isEqualTo("a ## b#");
    }

    @Test
    void theEarliestOfSeveralStopsWinsWithinOneDelta() {
        StopSequenceFilter filter = new StopSequenceFilter(List.of("END", "."));

        assertThat(filter.offer("one END two. three")).isEqualTo("one ");
        assertThat(filter.stopped()).isTrue();
        assertThat(filter.offer("more")).isEmpty();
    }
}
