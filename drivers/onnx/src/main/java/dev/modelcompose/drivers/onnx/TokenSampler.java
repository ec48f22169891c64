package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.GenerationParams;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from a row of logits with Hugging Face's semantics and order: repetition penalty over the
 * prompt and the generated tokens (a positive logit divided by the penalty, a negative one multiplied), end-of-sequence
 * suppressed until {@code min_output_length}, then greedy argmax, or temperature, top-k, top-p and a draw from the
 * remaining distribution. A seed makes the draws reproducible; without one they differ from call to call.
 * One sampler serves one generation (it keeps scratch arrays); not thread-safe.
 */
final class TokenSampler {
    /** Tokens whose scaled logit is this far below the best have a probability below e^-30: never kept. */
    private static final float NEGLIGIBLE = 30f;

    private final boolean greedy;
    private final float temperature;
    private final int topK;
    private final double topP;
    private final float repetitionPenalty;
    private final int[] eosIds;
    private final SplittableRandom random;

    private float[] scores = new float[0];
    private long[] candidates = new long[0];
    private double[] probabilities = new double[0];
    private int[] seenStamp = new int[0];
    private int stamp;

    /** Model-compose's defaults when a field is null: sampling, temperature 0.7, top_k 50, top_p 0.9. */
    TokenSampler(GenerationParams params, int[] eosIds) {
        this.greedy = params.greedy();
        this.temperature = params.temperature() == null ? 0.7f : params.temperature().floatValue();
        this.topK = params.topK() == null ? 50 : params.topK();
        this.topP = params.topP() == null ? 0.9 : params.topP();
        this.repetitionPenalty = params.repetitionPenalty() == null ? 1f : params.repetitionPenalty().floatValue();
        this.eosIds = eosIds;
        this.random = params.seed() == null ? new SplittableRandom() : new SplittableRandom(params.seed());
    }

    /**
     * @param logits      holds the row at {@code offset}
     * @param vocab       the row's length
     * @param history     the prompt's and the generated token ids (the first {@code historyLength})
     * @param suppressEos true while fewer than {@code min_output_length} tokens were generated
     */
    int next(float[] logits, int offset, int vocab, int[] history, int historyLength, boolean suppressEos) {
        if (scores.length < vocab) {
            scores = new float[vocab];
            seenStamp = new int[vocab];
        }
        float[] s = scores;
        System.arraycopy(logits, offset, s, 0, vocab);
        if (repetitionPenalty != 1f) {
            stamp++;
            for (int i = 0; i < historyLength; i++) {
                int token = history[i];
                if (token >= 0 && token < vocab && seenStamp[token] != stamp) {
                    seenStamp[token] = stamp;
                    float v = s[token];
                    s[token] = v < 0 ? v * repetitionPenalty : v / repetitionPenalty;
                }
            }
        }
        if (suppressEos) {
            for (int eos : eosIds) {
                if (eos >= 0 && eos < vocab) {
                    s[eos] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        if (greedy) {
            return argmax(s, vocab);
        }
        return sample(s, vocab);
    }

    private static int argmax(float[] s, int vocab) {
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            if (s[i] > bestScore) {
                bestScore = s[i];
                best = i;
            }
        }
        return best;
    }

    private int sample(float[] s, int vocab) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            s[i] /= temperature;
            max = Math.max(max, s[i]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return argmax(s, vocab);
        }
        // candidates: the tokens that can carry probability, sorted by score, best first
        if (candidates.length < vocab) {
            candidates = new long[vocab];
            probabilities = new double[vocab];
        }
        int n = 0;
        float floor = max - NEGLIGIBLE;
        for (int i = 0; i < vocab; i++) {
            if (s[i] >= floor) {
                // ascending sort of (-score, index): the score's order-preserving bits, inverted
                candidates[n++] = ((long) ~orderedBits(s[i]) << 32) | i;
            }
        }
        int keep = topK > 0 ? Math.min(topK, n) : n;
        if (keep < n) {
            selectSmallest(candidates, n, keep); // the best `keep` first, in any order
        }
        Arrays.sort(candidates, 0, keep);
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            double p = Math.exp(s[(int) candidates[i]] - max);
            probabilities[i] = p;
            sum += p;
        }
        if (topP < 1.0) {
            double cumulative = 0;
            int kept = 0;
            while (kept < keep && (kept == 0 || cumulative < topP * sum)) {
                cumulative += probabilities[kept];
                kept++;
            }
            keep = kept;
            sum = cumulative;
        }
        double r = random.nextDouble() * sum;
        for (int i = 0; i < keep; i++) {
            r -= probabilities[i];
            if (r < 0) {
                return (int) candidates[i];
            }
        }
        return (int) candidates[keep - 1];
    }

    /** Reorders {@code a[0..n)} so that its {@code k} smallest values come first (Hoare's quickselect). */
    static void selectSmallest(long[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            long pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k - 1 <= j) {
                hi = j;
            } else if (k - 1 >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    /** An int whose signed order is the float's order. */
    private static int orderedBits(float f) {
        int bits = Float.floatToIntBits(f);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }
}
