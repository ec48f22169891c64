package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.ModelException;

import java.util.Locale;

/** How token vectors become one text vector: over the tokens the attention mask keeps. */
enum Pooling {
    /** The average of the token vectors. */
    MEAN,
    /** The first token's vector ([CLS]). */
    CLS,
    /** The largest value of each dimension. */
    MAX;

    static Pooling parse(String value) {
        if (value == null) {
            return MEAN;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "mean" -> MEAN;
            case "cls" -> CLS;
            case "max" -> MAX;
            default -> throw new ModelException("unknown pooling '" + value + "' (use mean, cls or max)");
        };
    }

    /**
     * Pools row {@code row} of {@code hidden}, a row-major {@code [batch, length, dim]} array, over the positions
     * where the mask is 1.
     */
    float[] pool(float[] hidden, EncodedBatch batch, int row, int dim) {
        int length = batch.length();
        int base = row * length * dim;
        float[] out = new float[dim];
        switch (this) {
            case CLS -> System.arraycopy(hidden, base, out, 0, dim);
            case MEAN -> {
                int count = 0;
                for (int t = 0; t < length; t++) {
                    if (batch.mask(row, t) == 0) {
                        continue;
                    }
                    count++;
                    int offset = base + t * dim;
                    for (int d = 0; d < dim; d++) {
                        out[d] += hidden[offset + d];
                    }
                }
                if (count > 0) {
                    for (int d = 0; d < dim; d++) {
                        out[d] /= count;
                    }
                }
            }
            case MAX -> {
                java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
                boolean any = false;
                for (int t = 0; t < length; t++) {
                    if (batch.mask(row, t) == 0) {
                        continue;
                    }
                    any = true;
                    int offset = base + t * dim;
                    for (int d = 0; d < dim; d++) {
                        out[d] = Math.max(out[d], hidden[offset + d]);
                    }
                }
                if (!any) {
                    java.util.Arrays.fill(out, 0f);
                }
            }
        }
        return out;
    }

    /** Scales {@code vector} to unit length in place (a zero vector stays zero). */
    static float[] normalize(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        double norm = Math.sqrt(sum);
        if (norm > 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) (vector[i] / norm);
            }
        }
        return vector;
    }
}
