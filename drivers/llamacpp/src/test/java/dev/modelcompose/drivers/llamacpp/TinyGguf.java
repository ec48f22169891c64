package dev.modelcompose.drivers.llamacpp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a tiny random-weight llama GGUF (v3, all F32) that llama.cpp b4916 loads: a 260-token SPM vocabulary
 * ({@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte tokens, {@code ▁}), 64-wide embeddings, 4 heads, 2 layers,
 * a 256-token context. About 470 KB, written in well under a second.
 *
 * <p>The weights are random, but shaped so that tests are stable: one residual dimension carries a constant that no
 * layer writes to, and the output projection reads it to favour the lowercase letters and the space, and to make the
 * special tokens (end-of-sequence included) practically impossible. So the model writes random lowercase words until
 * {@code max_output_length} and never stops on its own; sampling with a seed is reproducible.
 */
public final class TinyGguf {
    public static final int N_VOCAB = 260;
    public static final int N_EMBD = 64;
    public static final int N_HEAD = 4;
    public static final int N_LAYER = 2;
    public static final int N_FF = 128;
    public static final int N_CTX = 256;

    private static final int ALIGNMENT = 32;
    private static final int TYPE_U32 = 4;
    private static final int TYPE_F32 = 6;
    private static final int TYPE_BOOL = 7;
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;
    private static final int TYPE_I32 = 5;

    private TinyGguf() {
    }

    /** Writes the model to {@code file} (seed 42) and returns it. */
    public static Path write(Path file) {
        return write(file, 42, null);
    }

    /**
     * Writes the model to {@code file}.
     *
     * @param seed         the weights' random seed
     * @param chatTemplate a {@code tokenizer.chat_template} to embed (null: none, llama.cpp then uses chatml)
     */
    public static Path write(Path file, long seed, String chatTemplate) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                new Writer(out, new Random(seed), chatTemplate).write();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a LoRA adapter GGUF for this model ({@code general.type: adapter}, {@code adapter.type: lora}, rank 4,
     * on {@code output.weight} and every layer's {@code attn_q}) with random weights large enough to change what the
     * model writes.
     */
    public static Path writeLora(Path file, long seed) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                Writer writer = new Writer(out, new Random(seed), null);
                writer.lora = true;
                writer.write();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token strings: {@code <unk>}, {@code <s>}, {@code </s>}, {@code <0x00>}..{@code <0xFF>}, {@code ▁}. */
    static List<String> tokens() {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
        }
        tokens.add("\u2581");
        return tokens;
    }

    private static final class Writer {
        private final OutputStream out;
        private final Random random;
        private final String chatTemplate;
        private long written;
        private boolean lora;

        Writer(OutputStream out, Random random, String chatTemplate) {
            this.out = out;
            this.random = random;
            this.chatTemplate = chatTemplate;
        }

        void write() throws IOException {
            Map<String, Object[]> kv = lora ? loraMetadata() : metadata();
            Map<String, Tensor> tensors = lora ? loraTensors() : tensors();
            bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
            u32(3);
            u64(tensors.size());
            u64(kv.size());
            for (Map.Entry<String, Object[]> e : kv.entrySet()) {
                string(e.getKey());
                value((Integer) e.getValue()[0], e.getValue()[1], (Integer) e.getValue()[2]);
            }
            long offset = 0;
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor t = e.getValue();
                string(e.getKey());
                u32(t.shape.length);
                for (int d : t.shape) {
                    u64(d);
                }
                u32(0); // F32
                u64(offset);
                offset += padded(t.data.length * 4L);
            }
            pad();
            for (Tensor t : tensors.values()) {
                ByteBuffer buf = ByteBuffer.allocate(t.data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : t.data) {
                    buf.putFloat(f);
                }
                bytes(buf.array());
                pad();
            }
        }

        private Map<String, Object[]> metadata() {
            List<String> tokens = tokens();
            List<Float> scores = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                scores.add(i < 3 ? 0f : -i);
                types.add(i == 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1);
            }
            Map<String, Object[]> kv = new LinkedHashMap<>();
            kv.put("general.architecture", new Object[] {TYPE_STRING, "llama", null});
            kv.put("general.name", new Object[] {TYPE_STRING, "tiny-random-llama", null});
            kv.put("general.alignment", new Object[] {TYPE_U32, ALIGNMENT, null});
            kv.put("llama.context_length", new Object[] {TYPE_U32, N_CTX, null});
            kv.put("llama.embedding_length", new Object[] {TYPE_U32, N_EMBD, null});
            kv.put("llama.block_count", new Object[] {TYPE_U32, N_LAYER, null});
            kv.put("llama.feed_forward_length", new Object[] {TYPE_U32, N_FF, null});
            kv.put("llama.attention.head_count", new Object[] {TYPE_U32, N_HEAD, null});
            kv.put("llama.attention.head_count_kv", new Object[] {TYPE_U32, N_HEAD, null});
            kv.put("llama.attention.layer_norm_rms_epsilon", new Object[] {TYPE_F32, 1e-5f, null});
            kv.put("llama.vocab_size", new Object[] {TYPE_U32, N_VOCAB, null});
            kv.put("tokenizer.ggml.model", new Object[] {TYPE_STRING, "llama", null});
            kv.put("tokenizer.ggml.tokens", new Object[] {TYPE_ARRAY, tokens, TYPE_STRING});
            kv.put("tokenizer.ggml.scores", new Object[] {TYPE_ARRAY, scores, TYPE_F32});
            kv.put("tokenizer.ggml.token_type", new Object[] {TYPE_ARRAY, types, TYPE_I32});
            kv.put("tokenizer.ggml.bos_token_id", new Object[] {TYPE_U32, 1, null});
            kv.put("tokenizer.ggml.eos_token_id", new Object[] {TYPE_U32, 2, null});
            kv.put("tokenizer.ggml.unknown_token_id", new Object[] {TYPE_U32, 0, null});
            kv.put("tokenizer.ggml.add_bos_token", new Object[] {TYPE_BOOL, true, null});
            if (chatTemplate != null) {
                kv.put("tokenizer.chat_template", new Object[] {TYPE_STRING, chatTemplate, null});
            }
            return kv;
        }

        private Map<String, Object[]> loraMetadata() {
            Map<String, Object[]> kv = new LinkedHashMap<>();
            kv.put("general.architecture", new Object[] {TYPE_STRING, "llama", null});
            kv.put("general.type", new Object[] {TYPE_STRING, "adapter", null});
            kv.put("adapter.type", new Object[] {TYPE_STRING, "lora", null});
            kv.put("adapter.lora.alpha", new Object[] {TYPE_F32, 4f, null});
            return kv;
        }

        /** {@code X.lora_a} is [ne0 of X, rank], {@code X.lora_b} [rank, ne1 of X]. */
        private Map<String, Tensor> loraTensors() {
            int rank = 4;
            Map<String, Tensor> t = new LinkedHashMap<>();
            t.put("output.weight.lora_a", new Tensor(gaussian(N_EMBD * rank, 1f), N_EMBD, rank));
            t.put("output.weight.lora_b", new Tensor(gaussian(rank * N_VOCAB, 1f), rank, N_VOCAB));
            for (int layer = 0; layer < N_LAYER; layer++) {
                String p = "blk." + layer + ".attn_q.weight.";
                t.put(p + "lora_a", new Tensor(gaussian(N_EMBD * rank, 0.5f), N_EMBD, rank));
                t.put(p + "lora_b", new Tensor(gaussian(rank * N_EMBD, 0.5f), rank, N_EMBD));
            }
            return t;
        }

        private Map<String, Tensor> tensors() {
            Map<String, Tensor> t = new LinkedHashMap<>();
            // dimension 0 of the residual stream is a constant 4 that no layer writes to
            float[] embd = gaussian(N_EMBD * N_VOCAB, 1f);
            for (int v = 0; v < N_VOCAB; v++) {
                embd[v * N_EMBD] = 4f;
            }
            t.put("token_embd.weight", new Tensor(embd, N_EMBD, N_VOCAB));
            t.put("output_norm.weight", new Tensor(ones(N_EMBD), N_EMBD));
            float[] output = gaussian(N_EMBD * N_VOCAB, 0.3f);
            for (int v = 0; v < N_VOCAB; v++) {
                output[v * N_EMBD] = preference(v);
            }
            t.put("output.weight", new Tensor(output, N_EMBD, N_VOCAB));
            for (int layer = 0; layer < N_LAYER; layer++) {
                String p = "blk." + layer + ".";
                t.put(p + "attn_norm.weight", new Tensor(ones(N_EMBD), N_EMBD));
                t.put(p + "attn_q.weight", new Tensor(gaussian(N_EMBD * N_EMBD, 0.1f), N_EMBD, N_EMBD));
                t.put(p + "attn_k.weight", new Tensor(gaussian(N_EMBD * N_EMBD, 0.1f), N_EMBD, N_EMBD));
                t.put(p + "attn_v.weight", new Tensor(gaussian(N_EMBD * N_EMBD, 0.1f), N_EMBD, N_EMBD));
                float[] attnOut = gaussian(N_EMBD * N_EMBD, 0.1f);
                java.util.Arrays.fill(attnOut, 0, N_EMBD, 0f); // output row 0
                t.put(p + "attn_output.weight", new Tensor(attnOut, N_EMBD, N_EMBD));
                t.put(p + "ffn_norm.weight", new Tensor(ones(N_EMBD), N_EMBD));
                t.put(p + "ffn_gate.weight", new Tensor(gaussian(N_EMBD * N_FF, 0.1f), N_EMBD, N_FF));
                t.put(p + "ffn_up.weight", new Tensor(gaussian(N_EMBD * N_FF, 0.1f), N_EMBD, N_FF));
                float[] down = gaussian(N_FF * N_EMBD, 0.1f);
                java.util.Arrays.fill(down, 0, N_FF, 0f); // output row 0
                t.put(p + "ffn_down.weight", new Tensor(down, N_FF, N_EMBD));
            }
            return t;
        }

        /** How much the constant dimension favours token {@code v}: letters and space up, specials far down. */
        private static float preference(int v) {
            if (v < 3) {
                return -30f;
            }
            if (v == 259) {
                return 2f;
            }
            int b = v - 3;
            return (b >= 'a' && b <= 'z') || b == ' ' ? 2.5f : -3f;
        }

        private float[] gaussian(int n, float std) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) (random.nextGaussian() * std);
            }
            return a;
        }

        private static float[] ones(int n) {
            float[] a = new float[n];
            java.util.Arrays.fill(a, 1f);
            return a;
        }

        private void value(int type, Object value, Integer elementType) throws IOException {
            u32(type);
            if (type == TYPE_ARRAY) {
                List<?> list = (List<?>) value;
                u32(elementType);
                u64(list.size());
                for (Object element : list) {
                    scalar(elementType, element);
                }
            } else {
                scalar(type, value);
            }
        }

        private void scalar(int type, Object value) throws IOException {
            switch (type) {
                case TYPE_U32, TYPE_I32 -> u32((Integer) value);
                case TYPE_F32 -> u32(Float.floatToRawIntBits((Float) value));
                case TYPE_BOOL -> bytes(new byte[] {(byte) ((Boolean) value ? 1 : 0)});
                case TYPE_STRING -> string((String) value);
                default -> throw new IllegalArgumentException("type " + type);
            }
        }

        private void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes(b);
        }

        private void u32(int v) throws IOException {
            bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        }

        private void u64(long v) throws IOException {
            bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        private void bytes(byte[] b) throws IOException {
            out.write(b);
            written += b.length;
        }

        private void pad() throws IOException {
            int n = (int) (padded(written) - written);
            bytes(new byte[n]);
        }

        private static long padded(long n) {
            return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        }
    }

    private record Tensor(float[] data, int... shape) {
    }
}
