package dev.modelcompose.drivers.onnx;

import dev.modelcompose.drivers.onnx.TinyOnnx.Attribute;
import dev.modelcompose.engine.spi.model.ClassificationRequest;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each model the driver cannot run fails its load with one clear message, and the driver keeps working. */
class OnnxLoadErrorsIT {
    @TempDir
    Path dir;

    final OnnxModelDriver driver = new OnnxModelDriver();

    @Test
    void aFileThatIsNotOnnx() throws Exception {
        Files.writeString(dir.resolve("model.onnx"), "<html>404 Not Found</html>");
        TestModels.copyTokenizer(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> driver.load(TestModels.request("text-embedding", dir, "./bad", Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./bad: " + dir.resolve("model.onnx") + " is not an ONNX model");
        stillWorks();
    }

    @Test
    void anEmptyFileIsNotOnnxEither() throws Exception {
        Files.write(dir.resolve("model.onnx"), new byte[0]);
        TestModels.copyTokenizer(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> driver.load(TestModels.request("text-embedding", dir, "./empty", Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./empty: " + dir.resolve("model.onnx") + " is not an ONNX model");
    }

    @Test
    void anOperatorOnnxRuntimeDoesNotKnow() {
        TinyOnnx.graph("g", 1).input("input_ids", TinyOnnx.INT64, "batch", "sequence")
                .output("logits", TinyOnnx.FLOAT, "batch", 2)
                .node("NoSuchOp", List.of("input_ids"), "logits")
                .write(dir.resolve("model.onnx"));
        TestModels.copyTokenizer(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> driver.load(TestModels.request("text-classification", dir, "./odd", Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./odd: ONNX Runtime cannot load " + dir.resolve("model.onnx") + ": This is an"
                        + " invalid model. In Node, (\"NoSuchOp_0\", NoSuchOp, \"\", -1) : (\"input_ids\": tensor(int64),)"
                        + " -> (\"logits\": tensor(float),) , Error No Op registered for NoSuchOp with domain_version"
                        + " of 17");
    }

    @Test
    void aModelThatFailsWhileRunningFailsTheCallNotTheModel() {
        // an embedding table of 10 rows, read with the 30522-word tokenizer
        TinyOnnx.graph("g", 1).input("input_ids", TinyOnnx.INT64, "batch", "sequence")
                .output("logits", TinyOnnx.FLOAT, "batch", 2)
                .randomFloats("emb", 1f, 10, 2).longs("axes", new long[]{1}, 1)
                .node("Gather", List.of("emb", "input_ids"), "h")
                .node("ReduceSum", List.of("h", "axes"), "logits", Attribute.of("keepdims", 0L))
                .write(dir.resolve("model.onnx"));
        TestModels.copyTokenizer(dir.resolve("tokenizer.json"));
        try (LoadedModel model = driver.load(TestModels.request("text-classification", dir, "./small", Map.of()))) {
            assertThatThrownBy(() -> model.classify(new ClassificationRequest(List.of("hello"), null)))
                    .isInstanceOf(ModelException.class)
                    .hasMessage("model ./small: ONNX Runtime failed: Non-zero status code returned while running"
                            + " Gather node. Name:'Gather_0' Status Message: indices element out of data bounds,"
                            + " idx=101 must be within the inclusive range [-10,9]");
            // the next call runs again (and fails the same way: "" is [CLS] [SEP], ids 101 and 102)
            assertThatThrownBy(() -> model.classify(new ClassificationRequest(List.of(""), null)))
                    .isInstanceOf(ModelException.class);
        }
    }

    @Test
    void aBrokenTokenizer() throws Exception {
        TestModels.sequenceClassifier(dir, 2, 6);
        Files.writeString(dir.resolve("tokenizer.json"), "<html>");
        assertThatThrownBy(() -> driver.load(TestModels.request("text-classification", dir, "./tiny", Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./tiny: cannot read the tokenizer " + dir.resolve("tokenizer.json")
                        + ": expected value at line 1 column 1");
    }

    @Test
    void aMissingTokenizerSaysWhereItLooked() {
        TinyOnnx.graph("g", 1).input("input_ids", TinyOnnx.INT64, "batch", "sequence")
                .output("logits", TinyOnnx.FLOAT, "batch", "sequence")
                .node("Cast", List.of("input_ids"), "logits", Attribute.of("to", (long) TinyOnnx.FLOAT))
                .write(dir.resolve("optimum/onnx/model.onnx"));
        assertThatThrownBy(() -> driver.load(TestModels.request("text-classification", dir.resolve("optimum"),
                "org/model", Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model org/model: no tokenizer.json (looked for "
                        + dir.resolve("optimum/onnx/tokenizer.json") + ", " + dir.resolve("optimum/tokenizer.json")
                        + "); the onnx driver needs the model's Hugging Face tokenizer.json beside the model file");
        stillWorks();
    }

    @Test
    void aModelWhoseOutputsDoNotFitTheTaskListsItsInputsAndOutputs() {
        TestModels.sequenceClassifier(dir, 3, 2);
        assertThatThrownBy(() -> driver.load(TestModels.request("text-embedding", dir, "./tiny", Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./tiny does not fit task text-embedding: it needs the inputs input_ids"
                        + " (attention_mask and token_type_ids optional) and an output last_hidden_state,"
                        + " token_embeddings or sentence_embedding; the model has inputs input_ids int64[batch,"
                        + " sequence], attention_mask int64[batch, sequence] and outputs logits float[batch, 3]");
        stillWorks();
    }

    @Test
    void anEmbeddingModelIsNotAClassifier() {
        assertThatThrownBy(() -> driver.load(TestModels.request("text-classification", TestModels.builtinMiniLm(),
                "builtin:all-minilm-l6-v2", Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model builtin:all-minilm-l6-v2 does not fit task text-classification: it needs the"
                        + " inputs input_ids (attention_mask and token_type_ids optional) and an output logits [batch,"
                        + " classes]; the model has inputs input_ids int64[batch_size, sequence_length],"
                        + " attention_mask int64[batch_size, sequence_length], token_type_ids int64[batch_size,"
                        + " sequence_length] and outputs last_hidden_state float[batch_size, sequence_length, 384]");
    }

    @Test
    void aDecoderModelGetsAHint() {
        TinyOnnx.graph("decoder", 3)
                .input("input_ids", TinyOnnx.INT64, "batch", "sequence")
                .input("past_key_values.0.key", TinyOnnx.FLOAT, "batch", 2, "past", 4)
                .output("logits", TinyOnnx.FLOAT, "batch", "sequence", 8)
                .output("present.0.key", TinyOnnx.FLOAT, "batch", 2, "total", 4)
                .randomFloats("emb", 1f, TestModels.VOCAB, 8)
                .node("Gather", List.of("emb", "input_ids"), "logits")
                .node("Identity", List.of("past_key_values.0.key"), "present.0.key")
                .write(dir.resolve("model.onnx"));
        TestModels.copyTokenizer(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> driver.load(TestModels.request("text-reranking", dir, "./lm", Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./lm does not fit task text-reranking: it needs the inputs input_ids"
                        + " (attention_mask and token_type_ids optional) and an output logits [batch, 1] (a"
                        + " cross-encoder) or last_hidden_state, token_embeddings or sentence_embedding (an embedding"
                        + " model); the model has inputs input_ids int64[batch, sequence], past_key_values.0.key"
                        + " float[batch, 2, past, 4] and outputs logits float[batch, sequence, 8], present.0.key"
                        + " float[batch, 2, total, 4] (it looks like a decoder model: use task text-generation or"
                        + " chat-completion)");
    }

    @Test
    void aTaskTheDriverDoesNotSupportListsTheSupportedOnes() {
        assertThatThrownBy(() -> driver.load(TestModels.request("image-generation", dir, "./x", Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("the onnx driver does not support task image-generation (it supports text-embedding,"
                        + " text-classification, text-reranking, text-generation, chat-completion)");
    }

    @Test
    void cudaWithoutTheGpuBuildSaysWhatToAdd() {
        TestModels.sequenceClassifier(dir, 2, 4);
        ModelLoadRequest cpu = TestModels.request("text-classification", dir, "./tiny", Map.of());
        ModelLoadRequest cuda = new ModelLoadRequest("test", cpu.task(), cpu.model(), "cuda", cpu.options(),
                cpu.settings(), cpu.adapters(), cpu.baseDir());
        assertThatThrownBy(() -> driver.load(cuda))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./tiny: device cuda needs the GPU build of ONNX Runtime: put"
                        + " com.microsoft.onnxruntime:onnxruntime_gpu:1.28.0 on the classpath instead of"
                        + " com.microsoft.onnxruntime:onnxruntime (see docs/onnx.md, \"CUDA\"), or use device: cpu");
        // auto falls back to the CPU
        ModelLoadRequest auto = new ModelLoadRequest("test", cpu.task(), cpu.model(), "auto", Map.of(),
                cpu.settings(), cpu.adapters(), cpu.baseDir());
        driver.load(auto).close();
        ModelLoadRequest tpu = new ModelLoadRequest("test", cpu.task(), cpu.model(), "tpu", Map.of(),
                cpu.settings(), cpu.adapters(), cpu.baseDir());
        assertThatThrownBy(() -> driver.load(tpu)).isInstanceOf(ModelException.class)
                .hasMessage("model ./tiny: unknown device 'tpu' (use cpu, cuda, cuda:N or auto)");
    }

    @Test
    void badSettings() {
        TestModels.sequenceClassifier(dir, 2, 5);
        assertThatThrownBy(() -> driver.load(TestModels.request("text-classification", dir, "./tiny",
                Map.of("pooling", "median")))).isInstanceOf(ModelException.class)
                .hasMessage("model ./tiny: unknown pooling 'median' (use mean, cls or max)");
        assertThatThrownBy(() -> driver.load(TestModels.request("text-classification", dir, "./tiny",
                Map.of("max_seq_length", 0)))).isInstanceOf(ModelException.class)
                .hasMessage("model ./tiny: max_seq_length must be a whole number of at least 1, not 0");
        assertThatThrownBy(() -> driver.load(TestModels.request("text-classification", dir, "./tiny",
                Map.of("labels", "a,b")))).isInstanceOf(ModelException.class)
                .hasMessage("model ./tiny: labels must be a list of class names, in class order");
        ModelLoadRequest ok = TestModels.request("text-classification", dir, "./tiny", Map.of());
        ModelLoadRequest threads = new ModelLoadRequest("test", ok.task(), ok.model(), "cpu",
                Map.of("intra_op_threads", "many"), ok.settings(), ok.adapters(), ok.baseDir());
        assertThatThrownBy(() -> driver.load(threads)).isInstanceOf(ModelException.class)
                .hasMessage("model ./tiny: options.intra_op_threads must be a whole number of at least 1, not many");
    }

    @Test
    void aGgufModelIsNotForThisDriver() {
        ModelLoadRequest request = new ModelLoadRequest("test", "text-generation",
                new ResolvedModel(dir.resolve("m.gguf"), "gguf", "./m.gguf"), "cpu", Map.of(), Map.of(), List.of(),
                dir);
        assertThatThrownBy(() -> driver.load(request)).isInstanceOf(ModelException.class)
                .hasMessage("model ./m.gguf is a gguf model; the onnx driver loads ONNX models (.onnx)");
    }

    @Test
    void aNullTextIsAnErrorAndTheModelKeepsWorking() {
        try (LoadedModel model = driver.load(TestModels.request("text-embedding", TestModels.builtinMiniLm(),
                "builtin:all-minilm-l6-v2", Map.of()))) {
            List<String> texts = new ArrayList<>(Arrays.asList("a", null));
            assertThatThrownBy(() -> model.embed(new EmbeddingRequest(texts, null, true, null)))
                    .isInstanceOf(ModelException.class)
                    .hasMessage("text 1 is null; give a string (it may be empty)");
            assertThatThrownBy(() -> model.embed(new EmbeddingRequest(List.of("a"), "median", true, null)))
                    .isInstanceOf(ModelException.class)
                    .hasMessage("unknown pooling 'median' (use mean, cls or max)");
            assertThat(model.embed(new EmbeddingRequest(List.of("a"), null, true, null))).hasSize(1);
            assertThat(model.embed(new EmbeddingRequest(List.of(), null, true, null))).isEmpty();
        }
    }

    private void stillWorks() {
        Path good = dir.resolve("good");
        TestModels.sequenceClassifier(good, 2, 9);
        try (LoadedModel model = driver.load(TestModels.request("text-classification", good, "./good", Map.of()))) {
            assertThat(model.classify(new ClassificationRequest(List.of("ok"), null))).hasSize(1);
        }
    }
}
