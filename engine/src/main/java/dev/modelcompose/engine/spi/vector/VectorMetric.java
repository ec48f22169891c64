package dev.modelcompose.engine.spi.vector;

import java.util.Arrays;
import java.util.Optional;

/**
 * How vectors compare, and how every driver turns a raw comparison into a hit's {@code score} (higher is better) and
 * {@code distance} (lower is better), so that scores agree across drivers for the same metric:
 * <ul>
 *   <li>{@code cosine}: score = cosine similarity (-1..1), distance = 1 - score</li>
 *   <li>{@code dot}: score = dot product, distance = -score</li>
 *   <li>{@code l2}: distance = Euclidean distance, score = 1 / (1 + distance)</li>
 * </ul>
 * {@code score_threshold} keeps hits whose score is at least the threshold.
 */
public enum VectorMetric {
    COSINE("cosine"),
    DOT("dot"),
    L2("l2");

    private final String id;

    VectorMetric(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<VectorMetric> of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** The score for a cosine similarity, dot product or Euclidean distance (whichever this metric measures). */
    public double score(double raw) {
        return this == L2 ? 1.0 / (1.0 + raw) : raw;
    }

    /** The distance for a cosine similarity, dot product or Euclidean distance (whichever this metric measures). */
    public double distance(double raw) {
        return switch (this) {
            case COSINE -> 1.0 - raw;
            case DOT -> -raw;
            case L2 -> raw;
        };
    }

    /**
     * What this metric measures between two vectors of the same length, in double precision: their cosine
     * similarity (0 when either is all zeros), dot product or Euclidean distance. {@link #score} and
     * {@link #distance} turn it into a hit's fields.
     */
    public double measure(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0, sq = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i], y = b[i];
            dot += x * y;
            na += x * x;
            nb += y * y;
            sq += (x - y) * (x - y);
        }
        return switch (this) {
            case COSINE -> na == 0 || nb == 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
            case DOT -> dot;
            case L2 -> Math.sqrt(sq);
        };
    }
}
