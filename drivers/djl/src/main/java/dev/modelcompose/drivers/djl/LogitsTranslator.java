package dev.modelcompose.drivers.djl;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Texts in, the model's first output ({@code logits [batch, classes]}) out, one row per text. Unlike DJL's
 * {@code TextClassificationTranslator} it needs no {@code config.json}: labels come from the component or from
 * {@link ModelConfig}.
 */
final class LogitsTranslator implements NoBatchifyTranslator<String[], float[][]> {
    private final HuggingFaceTokenizer tokenizer;
    private final boolean tokenTypes;

    LogitsTranslator(HuggingFaceTokenizer tokenizer, boolean tokenTypes) {
        this.tokenizer = tokenizer;
        this.tokenTypes = tokenTypes;
    }

    @Override
    public NDList processInput(TranslatorContext context, String[] texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        return Encoding.toNDList(encodings, context.getNDManager(), tokenTypes, false);
    }

    @Override
    public float[][] processOutput(TranslatorContext context, NDList outputs) {
        NDArray logits = outputs.get(0);
        int rows = (int) logits.getShape().get(0);
        int columns = (int) (logits.size() / rows);
        float[] flat = logits.toFloatArray();
        float[][] out = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, out[r], 0, columns);
        }
        return out;
    }
}
