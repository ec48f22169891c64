package dev.modelcompose.engine.spi.model;

import java.util.List;
import java.util.Map;

/**
 * Sampling and length settings of one generation, with model-compose's names. A null field means the driver's default.
 *
 * @param maxOutputLength   new tokens at most (default 256)
 * @param minOutputLength   new tokens before end-of-sequence is allowed
 * @param doSample          false means greedy decoding (temperature, top_k and top_p are then ignored)
 * @param temperature       softmax temperature; 0 means greedy
 * @param topK              keep the k most probable tokens
 * @param topP              nucleus sampling mass
 * @param repetitionPenalty {@code repetition_penalty} (llama.cpp: {@code repeat_penalty}); 1 means none
 * @param seed              makes sampling reproducible
 * @param stopSequences     generation ends before any of these; they are not part of the output
 * @param jsonSchema        constrain the reply to this JSON schema (drivers that support grammars)
 * @param grammar           a GBNF grammar (llama.cpp)
 * @param extra             every other {@code params} entry, for driver-specific knobs
 */
public record GenerationParams(Integer maxOutputLength, Integer minOutputLength, Boolean doSample, Double temperature,
                               Integer topK, Double topP, Double repetitionPenalty, Long seed,
                               List<String> stopSequences, Map<String, Object> jsonSchema, String grammar,
                               Map<String, Object> extra) {

    public static final int DEFAULT_MAX_OUTPUT_LENGTH = 256;

    public int maxOutputLengthOrDefault() {
        return maxOutputLength == null ? DEFAULT_MAX_OUTPUT_LENGTH : maxOutputLength;
    }

    public List<String> stopSequencesOrEmpty() {
        return stopSequences == null ? List.of() : stopSequences;
    }

    /** Greedy when {@code do_sample: false} or a temperature of 0. */
    public boolean greedy() {
        return Boolean.FALSE.equals(doSample) || (temperature != null && temperature <= 0);
    }
}
