package dev.modelcompose.drivers.onnx;

import dev.modelcompose.drivers.onnx.TinyOnnx.Attribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes complete tiny decoder-only model folders for tests and examples: {@code model.onnx} (Optimum layout, random
 * weights from a fixed seed), a word-level {@code tokenizer.json} of 173 English words and punctuation plus
 * five special tokens, {@code tokenizer_config.json} with a ChatML {@code chat_template}, {@code config.json} and
 * {@code generation_config.json}. The model with a KV cache and the one without give the same greedy tokens.
 *
 * <p>The graph: {@code x = E[input_ids] + P[position_ids]}; {@code k = x·Wk}, {@code v = x·Wv} appended to the past
 * along the sequence axis ({@code present.0.key/value}); {@code logits = tanh((x + mean(keys) + mean(values)) ·
 * mean(attention_mask)) · W_out + bias}. The bias keeps the special tokens unlikely unless {@code eosBias} says
 * otherwise.
 */
public final class TinyDecoderModels {
    /** The special tokens, ids 0..4. */
    public static final List<String> SPECIAL_TOKENS = List.of("<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>");
    public static final int EOS_ID = 2;
    public static final int IM_END_ID = 4;
    public static final int HIDDEN = 16;
    public static final int MAX_POSITIONS = 512;

    /** A ChatML template as Qwen and others ship it. */
    public static final String CHATML_TEMPLATE = "{% for message in messages %}"
            + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final String WORDS = "the a an and or but if then so of to in on at by for with from up down over "
            + "under cat dog bird fish mouse horse tree river sea sky sun moon star rain snow wind light dark day night "
            + "morning evening house road city town garden field forest hill mountain stone water fire earth air "
            + "small big old new red blue green white black quiet loud warm cold soft bright happy sad "
            + "is was are were be been has have had do does did can will would should may might must "
            + "sees runs sleeps sings walks flies swims jumps reads writes thinks knows finds makes takes gives "
            + "i you he she it we they me him her us them my your his its our their this that these those "
            + "here there now today always never often again very too also only just all some many few more most "
            + "hello hi bye yes no please thanks friend story song word book time place way world life "
            + ". , ! ? ;";

    private TinyDecoderModels() {
    }

    /** The words after the special tokens, in id order. */
    public static List<String> words() {
        return List.of(WORDS.split(" "));
    }

    /** The vocabulary size (special tokens and words). */
    public static int vocabSize() {
        return SPECIAL_TOKENS.size() + words().size();
    }

    /** A model with a KV cache in {@code folder}; returns {@code folder}. */
    public static Path writeWithKvCache(Path folder) {
        return write(folder, true, -1000f);
    }

    /** The same model without {@code past_key_values} inputs (full recompute each step). */
    public static Path writeWithoutKvCache(Path folder) {
        return write(folder, false, -1000f);
    }

    /**
     * @param kvCache whether the model has {@code past_key_values.0.*} inputs and {@code present.0.*} outputs
     * @param eosBias the logit bias of {@code </s>} and {@code <|im_end|>}: very negative (never produced) or large
     *                (produced first whenever allowed)
     */
    public static Path write(Path folder, boolean kvCache, float eosBias) {
        decoder(kvCache, eosBias).write(folder.resolve("model.onnx"));
        writeTokenizerFiles(folder);
        return folder;
    }

    /** A model in {@code folder} with an output {@code hidden} instead of {@code logits}. */
    public static Path writeWithoutLogits(Path folder) {
        TinyOnnx.graph("not-a-decoder", 3)
                .input("input_ids", TinyOnnx.INT64, "batch", "sequence")
                .output("hidden", TinyOnnx.FLOAT, "batch", "sequence", HIDDEN)
                .randomFloats("E", 1f, vocabSize(), HIDDEN)
                .node("Gather", List.of("E", "input_ids"), "hidden")
                .write(folder.resolve("model.onnx"));
        writeTokenizerFiles(folder);
        return folder;
    }

    /**
     * Which decoder graph to write.
     *
     * @param kvCache       {@code past_key_values.0.*} inputs and {@code present.0.*} outputs
     * @param eosBias       the logit bias of {@code </s>} and {@code <|im_end|>}
     * @param symbolicHeads the past inputs declare heads and head size as symbolic dims, as some exports do, so the
     *                      driver reads them from config.json
     * @param cacheBranch   Optimum's {@code use_cache_branch} (bool [1]) input of merged decoders; it adds 0 to the
     *                      logits, so the text is the same
     * @param half          float16 past, present and logits (the arithmetic stays float32)
     */
    public record Variant(boolean kvCache, float eosBias, boolean symbolicHeads, boolean cacheBranch, boolean half) {
    }

    /** The decoder graph, its past inputs with fixed heads and head size. */
    public static TinyOnnx decoder(boolean kvCache, float eosBias) {
        return decoder(new Variant(kvCache, eosBias, false, false, false));
    }

    public static TinyOnnx decoder(Variant variant) {
        boolean kvCache = variant.kvCache();
        boolean cacheBranch = variant.cacheBranch();
        int cacheType = variant.half() ? TinyOnnx.FLOAT16 : TinyOnnx.FLOAT;
        Object heads = variant.symbolicHeads() ? "num_heads" : (Object) 1;
        Object headDim = variant.symbolicHeads() ? "head_dim" : (Object) HIDDEN;
        int vocab = vocabSize();
        TinyOnnx g = TinyOnnx.graph(kvCache ? "tiny-decoder-kv" : "tiny-decoder", 42)
                .input("input_ids", TinyOnnx.INT64, "batch", "sequence")
                .input("attention_mask", TinyOnnx.INT64, "batch", "total_sequence")
                .input("position_ids", TinyOnnx.INT64, "batch", "sequence");
        if (kvCache) {
            g.input("past_key_values.0.key", cacheType, "batch", heads, "past_sequence", headDim)
                    .input("past_key_values.0.value", cacheType, "batch", heads, "past_sequence", headDim);
        }
        if (cacheBranch) {
            g.input("use_cache_branch", TinyOnnx.BOOL, 1);
        }
        g.output("logits", cacheType, "batch", "sequence", vocab);
        if (kvCache) {
            g.output("present.0.key", cacheType, "batch", 1, "total_sequence", HIDDEN)
                    .output("present.0.value", cacheType, "batch", 1, "total_sequence", HIDDEN);
        }
        float[] bias = new float[vocab];
        for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
            bias[i] = -1000f;
        }
        bias[EOS_ID] = variant.eosBias();
        bias[IM_END_ID] = variant.eosBias();
        g.randomFloats("E", 1f, vocab, HIDDEN)
                .randomFloats("P", 0.5f, MAX_POSITIONS, HIDDEN)
                .randomFloats("Wk", 0.5f, HIDDEN, HIDDEN)
                .randomFloats("Wv", 0.5f, HIDDEN, HIDDEN)
                .randomFloats("W_out", 2f, HIDDEN, vocab)
                .floats("bias", bias, vocab)
                .longs("axis_1", new long[]{1}, 1)
                .longs("axis_2", new long[]{2}, 1)
                .node("Gather", List.of("E", "input_ids"), "emb")
                .node("Gather", List.of("P", "position_ids"), "pos")
                .node("Add", List.of("emb", "pos"), "x")
                .node("MatMul", List.of("x", "Wk"), "k")
                .node("MatMul", List.of("x", "Wv"), "v")
                .node("Unsqueeze", List.of("k", "axis_1"), kvCache ? "k4" : "keys")
                .node("Unsqueeze", List.of("v", "axis_1"), kvCache ? "v4" : "values");
        if (kvCache && variant.half()) {
            Attribute toFloat = Attribute.of("to", (long) TinyOnnx.FLOAT);
            Attribute toHalf = Attribute.of("to", (long) TinyOnnx.FLOAT16);
            g.node("Cast", List.of("past_key_values.0.key"), "past_key", toFloat)
                    .node("Cast", List.of("past_key_values.0.value"), "past_value", toFloat)
                    .node("Concat", List.of("past_key", "k4"), "keys", Attribute.of("axis", 2))
                    .node("Concat", List.of("past_value", "v4"), "values", Attribute.of("axis", 2))
                    .node("Cast", List.of("keys"), "present.0.key", toHalf)
                    .node("Cast", List.of("values"), "present.0.value", toHalf);
        } else if (kvCache) {
            g.node("Concat", List.of("past_key_values.0.key", "k4"), "present.0.key", Attribute.of("axis", 2))
                    .node("Concat", List.of("past_key_values.0.value", "v4"), "present.0.value", Attribute.of("axis", 2))
                    .node("Identity", List.of("present.0.key"), "keys")
                    .node("Identity", List.of("present.0.value"), "values");
        }
        g.node("ReduceMean", List.of("keys"), "key_mean", Attribute.ints("axes", 2), Attribute.of("keepdims", 1))
                .node("ReduceMean", List.of("values"), "value_mean", Attribute.ints("axes", 2), Attribute.of("keepdims", 1))
                .node("Add", List.of("key_mean", "value_mean"), "context4")
                .node("Squeeze", List.of("context4", "axis_1"), "context")
                .node("Cast", List.of("attention_mask"), "mask", Attribute.of("to", (long) TinyOnnx.FLOAT))
                .node("ReduceMean", List.of("mask"), "mask_mean", Attribute.ints("axes", 1), Attribute.of("keepdims", 1))
                .node("Unsqueeze", List.of("mask_mean", "axis_2"), "mask_scale")
                .node("Add", List.of("x", "context"), "h")
                .node("Mul", List.of("h", "mask_scale"), "h_masked")
                .node("Tanh", List.of("h_masked"), "t")
                .node("MatMul", List.of("t", "W_out"), "scores");
        String logits = variant.half() ? "logits32" : "logits";
        if (!cacheBranch) {
            g.node("Add", List.of("scores", "bias"), logits);
        } else {
            g.floats("zero", new float[]{0f}, 1)
                    .node("Cast", List.of("use_cache_branch"), "branch", Attribute.of("to", (long) TinyOnnx.FLOAT))
                    .node("Mul", List.of("branch", "zero"), "branch_zero")
                    .node("Add", List.of("scores", "bias"), "biased")
                    .node("Add", List.of("biased", "branch_zero"), logits);
        }
        if (variant.half()) {
            g.node("Cast", List.of("logits32"), "logits", Attribute.of("to", (long) TinyOnnx.FLOAT16));
        }
        return g;
    }

    /** tokenizer.json, tokenizer_config.json (ChatML template), config.json and generation_config.json. */
    public static void writeTokenizerFiles(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("tokenizer.json"), tokenizerJson());
            Files.writeString(folder.resolve("tokenizer_config.json"), "{\n"
                    + "  \"bos_token\": \"<s>\",\n"
                    + "  \"eos_token\": \"</s>\",\n"
                    + "  \"unk_token\": \"<unk>\",\n"
                    + "  \"model_max_length\": " + MAX_POSITIONS + ",\n"
                    + "  \"chat_template\": " + quote(CHATML_TEMPLATE) + "\n}\n");
            Files.writeString(folder.resolve("config.json"), "{\n"
                    + "  \"model_type\": \"tiny-decoder\",\n"
                    + "  \"vocab_size\": " + vocabSize() + ",\n"
                    + "  \"hidden_size\": " + HIDDEN + ",\n"
                    + "  \"num_attention_heads\": 1,\n"
                    + "  \"num_hidden_layers\": 1,\n"
                    + "  \"max_position_embeddings\": " + MAX_POSITIONS + ",\n"
                    + "  \"bos_token_id\": 1,\n"
                    + "  \"eos_token_id\": " + EOS_ID + "\n}\n");
            Files.writeString(folder.resolve("generation_config.json"), "{\n"
                    + "  \"bos_token_id\": 1,\n"
                    + "  \"eos_token_id\": [" + EOS_ID + ", " + IM_END_ID + "]\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A WordLevel tokenizer: lowercase, split on whitespace and punctuation; decoding joins tokens with spaces. */
    public static String tokenizerJson() {
        List<String> added = new ArrayList<>();
        for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
            added.add("{\"id\": " + i + ", \"content\": " + quote(SPECIAL_TOKENS.get(i)) + ", \"single_word\": false, "
                    + "\"lstrip\": false, \"rstrip\": false, \"normalized\": false, \"special\": true}");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String token : SPECIAL_TOKENS) {
            vocab.put(token, vocab.size());
        }
        for (String word : words()) {
            vocab.putIfAbsent(word, vocab.size());
        }
        List<String> entries = new ArrayList<>();
        vocab.forEach((token, id) -> entries.add(quote(token) + ": " + id));
        return "{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n"
                + "  \"added_tokens\": [\n    " + String.join(",\n    ", added) + "\n  ],\n"
                + "  \"normalizer\": {\"type\": \"Lowercase\"},\n"
                + "  \"pre_tokenizer\": {\"type\": \"Whitespace\"},\n"
                + "  \"post_processor\": null,\n"
                + "  \"decoder\": null,\n"
                + "  \"model\": {\"type\": \"WordLevel\", \"unk_token\": \"<unk>\", \"vocab\": {"
                + String.join(", ", entries) + "}}\n}\n";
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
