package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.GenerationParams;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenSamplerTest {
    private static final float[] LOGITS = {1f, 3f, 2.5f, -1f, 0.5f};
    private static final int[] NO_HISTORY = new int[0];

    static GenerationParams params(Boolean doSample, Double temperature, Integer topK, Double topP, Double penalty,
                                   Long seed) {
        return new GenerationParams(null, null, doSample, temperature, topK, topP, penalty, seed, null, null, null, null);
    }

    @Test
    void greedyTakesTheBestToken() {
        TokenSampler sampler = new TokenSampler(params(false, null, null, null, null, null), new int[0]);

        assertThat(sampler.next(LOGITS, 0, 5, NO_HISTORY, 0, false)).isEqualTo(1);
        assertThat(new TokenSampler(params(true, 0.0, null, null, null, null), new int[0])
                .next(LOGITS, 0, 5, NO_HISTORY, 0, false)).isEqualTo(1);
    }

    @Test
    void readsTheRowAtItsOffset() {
        float[] two = {9f, 0f, 0f, 0f, 0f, 1f, 3f, 2.5f, -1f, 0.5f};
        TokenSampler sampler = new TokenSampler(params(false, null, null, null, null, null), new int[0]);

        assertThat(sampler.next(two, 5, 5, NO_HISTORY, 0, false)).isEqualTo(1);
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        // token 1 (3.0) becomes 1.5 and loses to token 2 (2.5); token 3 (-1) becomes -2
        TokenSampler sampler = new TokenSampler(params(false, null, null, null, 2.0, null), new int[0]);

        assertThat(sampler.next(LOGITS, 0, 5, new int[]{1, 1, 3}, 3, false)).isEqualTo(2);
        assertThat(sampler.next(LOGITS, 0, 5, new int[]{1, 2}, 2, false)).isEqualTo(1);
    }

    @Test
    void endOfSequenceIsSuppressedWhenAsked() {
        TokenSampler sampler = new TokenSampler(params(false, null, null, null, null, null), new int[]{1, 2});

        assertThat(sampler.next(LOGITS, 0, 5, NO_HISTORY, 0, true)).isEqualTo(0);
        assertThat(sampler.next(LOGITS, 0, 5, NO_HISTORY, 0, false)).isEqualTo(1);
    }

    @Test
    void topKOneAndATinyTopPAreGreedy() {
        for (int i = 0; i < 20; i++) {
            assertThat(new TokenSampler(params(true, 5.0, 1, 1.0, null, (long) i), new int[0])
                    .next(LOGITS, 0, 5, NO_HISTORY, 0, false)).isEqualTo(1);
            assertThat(new TokenSampler(params(true, 5.0, 0, 0.01, null, (long) i), new int[0])
                    .next(LOGITS, 0, 5, NO_HISTORY, 0, false)).isEqualTo(1);
        }
    }

    @Test
    void topKLimitsTheDrawsToTheBestTokens() {
        Set<Integer> seen = new HashSet<>();
        TokenSampler sampler = new TokenSampler(params(true, 100.0, 2, 1.0, null, 1L), new int[0]);
        for (int i = 0; i < 200; i++) {
            seen.add(sampler.next(LOGITS, 0, 5, NO_HISTORY, 0, false));
        }

        assertThat(seen).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void quickselectPutsTheKSmallestFirst() {
        Random random = new Random(5);
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(300);
            long[] values = new long[n + 3];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(50) - 25; // many duplicates
            }
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            int k = 1 + random.nextInt(n);

            TokenSampler.selectSmallest(values, n, k);
            long[] firstK = Arrays.copyOf(values, k);
            Arrays.sort(firstK);

            assertThat(firstK).as("n=%d k=%d", n, k).containsExactly(Arrays.copyOf(sorted, k));
        }
    }

    @Test
    void aHighTemperatureReachesEveryTokenAndASeedRepeatsTheDraws() {
        TokenSampler a = new TokenSampler(params(true, 100.0, 0, 1.0, null, 42L), new int[0]);
        TokenSampler b = new TokenSampler(params(true, 100.0, 0, 1.0, null, 42L), new int[0]);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int token = a.next(LOGITS, 0, 5, NO_HISTORY, 0, false);
            assertThat(b.next(LOGITS, 0, 5, NO_HISTORY, 0, false)).isEqualTo(token);
            seen.add(token);
        }

        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }
}
