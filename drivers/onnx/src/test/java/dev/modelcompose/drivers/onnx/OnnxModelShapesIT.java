package dev.modelcompose.drivers.onnx;

import dev.modelcompose.drivers.onnx.TinyOnnx.Attribute;
import dev.modelcompose.engine.spi.model.Classification;
import dev.modelcompose.engine.spi.model.ClassificationRequest;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Model variants the encoder tasks accept: pooled outputs, int32 inputs, a model named by its file. */
class OnnxModelShapesIT {
    @TempDir
    Path dir;

    final OnnxModelDriver driver = new OnnxModelDriver();

    @Test
    void aSentenceEmbeddingOutputIsUsedAsItIs() {
        // Gather -> ReduceMean over the sequence (no mask: the model pools by itself) -> sentence_embedding [b, 16]
        TinyOnnx.graph("pooled", 31)
                .input("input_ids", TinyOnnx.INT64, "batch", "sequence")
                .output("sentence_embedding", TinyOnnx.FLOAT, "batch", TestModels.HIDDEN)
                .randomFloats("embedding", 1f, TestModels.VOCAB, TestModels.HIDDEN)
                .node("Gather", List.of("embedding", "input_ids"), "hidden")
                .node("ReduceMean", List.of("hidden"), "sentence_embedding", Attribute.ints("axes", 1),
                        Attribute.of("keepdims", 0L))
                .write(dir.resolve("model.onnx"));
        TestModels.copyTokenizer(dir.resolve("tokenizer.json"));
        try (LoadedModel model = driver.load(TestModels.request("text-embedding", dir, "./pooled", Map.of()))) {
            float[] mean = model.embed(new EmbeddingRequest(List.of("hello there"), "mean", false, null)).get(0);
            float[] cls = model.embed(new EmbeddingRequest(List.of("hello there"), "cls", false, null)).get(0);
            float[] normalized = model.embed(new EmbeddingRequest(List.of("hello there"), null, true, null)).get(0);
            assertThat(mean).hasSize(TestModels.HIDDEN).containsExactly(cls);
            assertThat(OnnxEmbeddingIT.norm(normalized)).isCloseTo(1.0, within(1e-5));
            assertThat(OnnxEmbeddingIT.cos(mean, normalized)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void int32InputsAreFedAsInt32() {
        TinyOnnx.graph("int32", 32)
                .input("input_ids", TinyOnnx.INT32, "batch", "sequence")
                .input("attention_mask", TinyOnnx.INT32, "batch", "sequence")
                .output("logits", TinyOnnx.FLOAT, "batch", 2)
                .randomFloats("embedding", 1f, TestModels.VOCAB, 2)
                .longs("axes", new long[]{1}, 1)
                .node("Gather", List.of("embedding", "input_ids"), "hidden")
                .node("Cast", List.of("attention_mask"), "mask", Attribute.of("to", (long) TinyOnnx.FLOAT))
                .node("ReduceSum", List.of("hidden", "axes"), "summed", Attribute.of("keepdims", 0L))
                .node("ReduceSum", List.of("mask", "axes"), "count", Attribute.of("keepdims", 1L))
                .node("Div", List.of("summed", "count"), "logits")
                .write(dir.resolve("model.onnx"));
        TestModels.copyTokenizer(dir.resolve("tokenizer.json"));
        try (LoadedModel model = driver.load(TestModels.request("text-classification", dir, "./int32", Map.of()))) {
            Classification c = model.classify(new ClassificationRequest(List.of("fine"), null)).get(0);
            assertThat(c.probabilities()).hasSize(2);
        }
    }

    @Test
    void aModelWithFixedInputShapesGetsBatchesOfExactlyThatShape() {
        Path dynamic = TestModels.sequenceClassifier(dir.resolve("dynamic"), 2, 33);
        Path single = TestModels.sequenceClassifier(dir.resolve("single"), 2, 33, 1, 16);
        Path four = TestModels.sequenceClassifier(dir.resolve("four"), 2, 33, 4, 16);
        List<String> texts = List.of("short", "a", "one two three four five six seven eight nine ten eleven twelve"
                + " thirteen fourteen fifteen sixteen seventeen", "", "fine", "the last one");
        try (LoadedModel reference = driver.load(TestModels.request("text-classification", dynamic, "./d", Map.of()));
             LoadedModel one = driver.load(TestModels.request("text-classification", single, "./s", Map.of()));
             LoadedModel batches = driver.load(TestModels.request("text-classification", four, "./f", Map.of()))) {
            // the same weights read the same tokens: at most 16, the fixed length
            List<Classification> expected = reference.classify(new ClassificationRequest(texts, 16));
            for (LoadedModel model : List.of(one, batches)) {
                List<Classification> actual = model.classify(new ClassificationRequest(texts, null));
                assertThat(actual).hasSize(texts.size());
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(actual.get(i).probabilities().get(0)).isCloseTo(
                            expected.get(i).probabilities().get(0), within(1e-5));
                }
            }
        }
    }

    @Test
    void aModelNamedByItsFileFindsTheTokenizerBesideIt() {
        Path file = TestModels.builtinMiniLm().resolve("model.onnx");
        try (LoadedModel model = driver.load(TestModels.request("text-embedding", file, "./minilm/model.onnx",
                Map.of()))) {
            assertThat(model.embed(new EmbeddingRequest(List.of("a"), null, true, null)).get(0)).hasSize(384);
        }
    }
}
