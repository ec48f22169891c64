package dev.modelcompose.drivers.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Text deltas from real tokenizers: byte-level BPE (characters split over tokens) and WordPiece (## joins). */
class IncrementalDetokenizerTest {

    /** A byte-level BPE tokenizer with one token per byte (GPT-2's byte-to-character table) and no merges. */
    static String byteLevelTokenizerJson() {
        List<Integer> bytes = new ArrayList<>();
        List<Integer> chars = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            bytes.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            bytes.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            bytes.add(b);
        }
        chars.addAll(bytes);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!bytes.contains(b)) {
                bytes.add(b);
                chars.add(256 + n++);
            }
        }
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            String symbol = new String(Character.toChars(chars.get(i)));
            String quoted = symbol.equals("\"") ? "\\\"" : symbol.equals("\\") ? "\\\\" : symbol;
            vocab.append(i == 0 ? "" : ", ").append('"').append(quoted).append("\": ").append(bytes.get(i));
        }
        return "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": [],"
                + " \"normalizer\": null,"
                + " \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true},"
                + " \"post_processor\": null,"
                + " \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true},"
                + " \"model\": {\"type\": \"BPE\", \"dropout\": null, \"unk_token\": null, \"continuing_subword_prefix\": null,"
                + " \"end_of_word_suffix\": null, \"fuse_unk\": false, \"byte_fallback\": false,"
                + " \"vocab\": {" + vocab + "}, \"merges\": []}}";
    }

    static List<String> deltas(HuggingFaceTokenizer tokenizer, long[] ids) {
        IncrementalDetokenizer detokenizer = new IncrementalDetokenizer(i -> tokenizer.decode(i, true));
        List<String> deltas = new ArrayList<>();
        for (long id : ids) {
            deltas.add(detokenizer.add(id));
        }
        deltas.add(detokenizer.flush());
        return deltas;
    }

    @Test
    void neverSplitsAUtf8Character() throws Exception {
        String text = "héllo wörld ✓ 日本";
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(byteLevelTokenizerJson().getBytes(StandardCharsets.UTF_8)), Map.of())) {
            long[] ids = tokenizer.encode(text, false, false).getIds();
            assertThat(ids).hasSize(text.getBytes(StandardCharsets.UTF_8).length);

            List<String> deltas = deltas(tokenizer, ids);

            assertThat(String.join("", deltas)).isEqualTo(text);
            assertThat(deltas).noneMatch(d -> d.contains("\uFFFD"));
            assertThat(deltas.get(0)).isEqualTo("h");
            assertThat(deltas.get(1)).isEmpty(); // the first byte of é
            assertThat(deltas.get(2)).isEqualTo("é");
        }
    }

    @Test
    void joinsWordPiecesLikeAFullDecode() throws Exception {
        try (InputStream json = getClass().getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json");
             HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of())) {
            long[] ids = tokenizer.encode("Unbelievable tokenization, isn't it?", false, false).getIds();

            List<String> deltas = deltas(tokenizer, ids);

            assertThat(String.join("", deltas)).isEqualTo(tokenizer.decode(ids, true));
            assertThat(deltas).contains("ization");
        }
    }
}
