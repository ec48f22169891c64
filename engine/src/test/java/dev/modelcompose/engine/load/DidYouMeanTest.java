package dev.modelcompose.engine.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DidYouMeanTest {
    @Test
    void suggestsTheClosestCandidate() {
        assertThat(DidYouMean.closest("depend_on", List.of("id", "depends_on", "output"))).isEqualTo("depends_on");
        assertThat(DidYouMean.closest("resutl", List.of("input", "result", "jobs"))).isEqualTo("result");
        assertThat(DidYouMean.closest("intger", List.of("integer", "number", "text"))).isEqualTo("integer");
    }

    @Test
    void suggestsNothingWhenNothingIsClose() {
        assertThat(DidYouMean.closest("zebra", List.of("input", "jobs"))).isNull();
        assertThat(DidYouMean.hint("zebra", List.of("input", "jobs"))).isNull();
        assertThat(DidYouMean.closest("x", List.of())).isNull();
    }

    @Test
    void formatsAHint() {
        assertThat(DidYouMean.hint("gte ", List.of("gte", "gt"))).isEqualTo("did you mean 'gte'?");
        assertThat(DidYouMean.hint("Input", List.of("input"))).isEqualTo("did you mean 'input'?");
    }

    @Test
    void countsATranspositionAsOneEdit() {
        assertThat(DidYouMean.distance("ab", "ba")).isEqualTo(1);
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    }
}
