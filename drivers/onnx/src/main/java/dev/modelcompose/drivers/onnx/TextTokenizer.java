package dev.modelcompose.drivers.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelcompose.engine.spi.model.ModelException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A model's Hugging Face tokenizer (tokenizer.json, read by path through DJL) for encoder models: adds special tokens,
 * truncates to the model's maximum length (a longer input is truncated and reported once per model as a warning) and
 * pads each batch to its longest input.
 */
final class TextTokenizer implements AutoCloseable {
    /** The cap on a tokenizer_config.json {@code model_max_length}, and the length when nothing says otherwise. */
    static final int DEFAULT_MAX_LENGTH = 512;

    private static final System.Logger LOG = System.getLogger(TextTokenizer.class.getPackageName());

    private final String modelName;
    private final Path file;
    private final int maxLength;
    private final Map<Integer, HuggingFaceTokenizer> byMaxLength = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    private TextTokenizer(String modelName, Path file, int maxLength) {
        this.modelName = modelName;
        this.file = file;
        this.maxLength = maxLength;
    }

    /**
     * Opens the model's tokenizer. The maximum length is {@code maxSeqLength} when given, else tokenizer_config.json's
     * {@code model_max_length} capped at 512, else 512.
     */
    static TextTokenizer open(ModelFiles files, Integer maxSeqLength) {
        Path file = files.tokenizer();
        int max = maxSeqLength != null ? maxSeqLength : files.tokenizerConfig().map(TextTokenizer::modelMaxLength)
                .orElse(DEFAULT_MAX_LENGTH);
        TextTokenizer tokenizer = new TextTokenizer(files.name(), file, max);
        tokenizer.forLength(max); // reads the file now, so a broken tokenizer fails the load
        return tokenizer;
    }

    /** Opens a tokenizer.json that counts tokens: no special tokens, no truncation. */
    static HuggingFaceTokenizer counting(String modelName, Path file) {
        return newInstance(modelName, file, Map.of("addSpecialTokens", "false", "truncation", "false",
                "padding", "false"));
    }

    /**
     * Encodes each text alone.
     *
     * @param requestedMax a call's lower limit (null: the model's)
     * @param fixedLength  the sequence length of a model exported with a fixed shape (truncate and pad to it), or -1
     */
    EncodedBatch encode(List<String> texts, Integer requestedMax, int fixedLength) {
        int max = effectiveMax(requestedMax, fixedLength);
        Encoding[] encodings = forLength(max).batchEncode(texts);
        return pad(encodings, max, fixedLength);
    }

    /** Encodes (query, document) pairs together, as a cross-encoder reads them. */
    EncodedBatch encodePairs(String query, List<String> documents, Integer requestedMax, int fixedLength) {
        int max = effectiveMax(requestedMax, fixedLength);
        PairList<String, String> pairs = new PairList<>(documents.size());
        for (String document : documents) {
            pairs.add(query, document);
        }
        return pad(forLength(max).batchEncode(pairs), max, fixedLength);
    }

    private int effectiveMax(Integer requestedMax, int fixedLength) {
        int max = maxLength;
        if (requestedMax != null && requestedMax > 0) {
            max = Math.min(max, requestedMax);
        }
        return fixedLength > 0 ? Math.min(max, fixedLength) : max;
    }

    private EncodedBatch pad(Encoding[] encodings, int max, int fixedLength) {
        int length = Math.max(1, fixedLength);
        for (Encoding encoding : encodings) {
            length = Math.max(length, encoding.getIds().length);
            if (encoding.exceedMaxLength() && warned.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "model " + modelName + ": an input longer than " + max
                        + " tokens was truncated to " + max + " tokens (set max_seq_length to change the limit;"
                        + " further truncations of this model are not reported)");
            }
        }
        int size = encodings.length;
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] types = new long[size * length];
        for (int i = 0; i < size; i++) {
            Encoding encoding = encodings[i];
            long[] encodingIds = encoding.getIds();
            System.arraycopy(encodingIds, 0, ids, i * length, encodingIds.length);
            System.arraycopy(encoding.getAttentionMask(), 0, mask, i * length, encodingIds.length);
            System.arraycopy(encoding.getTypeIds(), 0, types, i * length, encodingIds.length);
        }
        return new EncodedBatch(size, length, ids, mask, types);
    }

    private HuggingFaceTokenizer forLength(int max) {
        return byMaxLength.computeIfAbsent(max, m -> newInstance(modelName, file, Map.of("addSpecialTokens", "true",
                "truncation", "true", "maxLength", Integer.toString(m), "padding", "false")));
    }

    private static HuggingFaceTokenizer newInstance(String modelName, Path file, Map<String, String> options) {
        keepDjlOffline();
        try {
            return HuggingFaceTokenizer.newInstance(file, options);
        } catch (IOException | RuntimeException e) {
            throw new ModelException("model " + modelName + ": cannot read the tokenizer " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * DJL probes the EC2 metadata address ("call home") and may download files unless told not to; the driver runs
     * offline. A value the user set (environment or system property) is kept.
     */
    private static void keepDjlOffline() {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private static int modelMaxLength(Path tokenizerConfig) {
        try {
            JsonNode max = new ObjectMapper().readTree(tokenizerConfig.toFile()).path("model_max_length");
            if (max.isNumber() && max.asDouble() >= 1) {
                return (int) Math.min(max.asDouble(), DEFAULT_MAX_LENGTH);
            }
        } catch (IOException e) {
            // an unreadable tokenizer_config.json leaves the default
        }
        return DEFAULT_MAX_LENGTH;
    }

    @Override
    public void close() {
        byMaxLength.values().forEach(HuggingFaceTokenizer::close);
        byMaxLength.clear();
    }
}
