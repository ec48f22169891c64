package dev.modelcompose.drivers.onnx;

import dev.modelcompose.drivers.onnx.TinyOnnx.Attribute;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Models for tests: the builtin all-MiniLM-L6-v2 (int8) copied out of its classpath resources, and tiny encoder models
 * written by {@link TinyOnnx} that use its tokenizer.json (vocabulary 30522). Shared with other modules' tests through
 * this module's test-jar.
 */
public final class TestModels {
    /** The builtin model's resources in the langchain4j jar. */
    public static final String BUILTIN_ONNX = "/all-minilm-l6-v2-q.onnx";
    public static final String BUILTIN_TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
    public static final int VOCAB = 30522;
    public static final int HIDDEN = 16;

    private static Path builtin;

    private TestModels() {
    }

    /** A folder with the builtin model as {@code model.onnx} and {@code tokenizer.json}, made once per JVM. */
    public static synchronized Path builtinMiniLm() {
        if (builtin == null) {
            try {
                Path dir = Files.createTempDirectory("minilm");
                copyResource(BUILTIN_ONNX, dir.resolve("model.onnx"));
                copyResource(BUILTIN_TOKENIZER, dir.resolve("tokenizer.json"));
                builtin = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return builtin;
    }

    /** Copies the builtin tokenizer.json to {@code file}. */
    public static Path copyTokenizer(Path file) {
        copyResource(BUILTIN_TOKENIZER, file);
        return file;
    }

    /**
     * A sequence classifier in {@code dir} (model.onnx + tokenizer.json): token embeddings (Gather), mean over the
     * attention mask, MatMul + bias to {@code logits [batch, classes]}. The masked mean makes results independent of
     * batch padding.
     */
    public static Path sequenceClassifier(Path dir, int classes, long seed) {
        return sequenceClassifier(dir, classes, seed, "batch", "sequence");
    }

    /**
     * {@link #sequenceClassifier(Path, int, long)} with the inputs' batch and sequence dims given: a String is
     * symbolic, a Number fixes the dim (a static-shape export).
     */
    public static Path sequenceClassifier(Path dir, int classes, long seed, Object batchDim, Object sequenceDim) {
        TinyOnnx graph = TinyOnnx.graph("tiny-sequence-classifier", seed)
                .input("input_ids", TinyOnnx.INT64, batchDim, sequenceDim)
                .input("attention_mask", TinyOnnx.INT64, batchDim, sequenceDim)
                .output("logits", TinyOnnx.FLOAT, "batch", classes)
                .randomFloats("embedding", 1f, VOCAB, HIDDEN);
        graph.node("Gather", List.of("embedding", "input_ids"), "hidden");
        maskedMeanHead(graph, "hidden", classes);
        graph.write(dir.resolve("model.onnx"));
        copyTokenizer(dir.resolve("tokenizer.json"));
        return dir;
    }

    /**
     * A cross-encoder in {@code dir}: like {@link #sequenceClassifier} with one logit, plus token type embeddings
     * (so the query and document segments read differently); inputs input_ids, attention_mask, token_type_ids.
     */
    public static Path crossEncoder(Path dir, long seed) {
        TinyOnnx graph = TinyOnnx.graph("tiny-cross-encoder", seed)
                .input("input_ids", TinyOnnx.INT64, "batch", "sequence")
                .input("attention_mask", TinyOnnx.INT64, "batch", "sequence")
                .input("token_type_ids", TinyOnnx.INT64, "batch", "sequence")
                .output("logits", TinyOnnx.FLOAT, "batch", 1)
                .randomFloats("embedding", 1f, VOCAB, HIDDEN)
                .randomFloats("type_embedding", 1f, 2, HIDDEN);
        graph.node("Gather", List.of("embedding", "input_ids"), "tokens");
        graph.node("Gather", List.of("type_embedding", "token_type_ids"), "types");
        graph.node("Add", List.of("tokens", "types"), "hidden");
        maskedMeanHead(graph, "hidden", 1);
        graph.write(dir.resolve("model.onnx"));
        copyTokenizer(dir.resolve("tokenizer.json"));
        return dir;
    }

    /** hidden [b, s, H] → mean over attention_mask → MatMul W [H, classes] + b → logits. */
    private static void maskedMeanHead(TinyOnnx graph, String hidden, int classes) {
        graph.randomFloats("classifier_weight", 1f, HIDDEN, classes)
                .randomFloats("classifier_bias", 0.1f, classes)
                .longs("axis_1", new long[]{1}, 1)
                .longs("axis_2", new long[]{2}, 1)
                .node("Cast", List.of("attention_mask"), "mask", Attribute.of("to", (long) TinyOnnx.FLOAT))
                .node("Unsqueeze", List.of("mask", "axis_2"), "mask3")
                .node("Mul", List.of(hidden, "mask3"), "masked")
                .node("ReduceSum", List.of("masked", "axis_1"), "summed", Attribute.of("keepdims", 0L))
                .node("ReduceSum", List.of("mask3", "axis_1"), "count", Attribute.of("keepdims", 0L))
                .node("Div", List.of("summed", "count"), "pooled")
                .node("MatMul", List.of("pooled", "classifier_weight"), "scores")
                .node("Add", List.of("scores", "classifier_bias"), "logits");
    }

    /** A CPU load request for the model at {@code path}, named {@code name} in messages. */
    public static ModelLoadRequest request(String task, Path path, String name, Map<String, Object> settings) {
        return new ModelLoadRequest("test", task, new ResolvedModel(path, "onnx", name), "cpu",
                Map.of("intra_op_threads", 1), settings, List.of(), path.getParent());
    }

    private static void copyResource(String resource, Path target) {
        try (InputStream in = TestModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath (the langchain4j MiniLM jar)");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
