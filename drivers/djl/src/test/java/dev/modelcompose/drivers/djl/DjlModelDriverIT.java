package dev.modelcompose.drivers.djl;

import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelDrivers;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.RerankRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The DJL driver on the real int8 all-MiniLM-L6-v2 model (ONNX Runtime engine), offline. */
class DjlModelDriverIT {
    private static final String CAT = "The cat sits on the mat.";
    private static final String FELINE = "A feline rests on a rug.";
    private static final String STOCKS = "Stock markets fell sharply today.";

    @TempDir
    static Path folder;
    private static Path minilm;
    private static LoadedModel embedder;

    @BeforeAll
    static void load() throws IOException {
        minilm = Files.createDirectories(folder.resolve("minilm"));
        copy("/all-minilm-l6-v2-q.onnx", minilm.resolve("model.onnx"));
        copy("/all-minilm-l6-v2-q-tokenizer.json", minilm.resolve("tokenizer.json"));
        embedder = driver().load(request("text-embedding", minilm, Map.of()));
    }

    @AfterAll
    static void close() {
        if (embedder != null) {
            embedder.close();
        }
    }

    @Test
    void isFoundByName() {
        assertThat(ModelDrivers.discover().get("djl")).containsInstanceOf(DjlModelDriver.class);
    }

    @Test
    void embeddingsPutSimilarSentencesClose() {
        List<float[]> vectors = embedder.embed(new EmbeddingRequest(List.of(CAT, FELINE, STOCKS), "mean", true, null));
        assertThat(vectors).hasSize(3);
        assertThat(vectors.get(0)).hasSize(384);
        assertThat(norm(vectors.get(0))).isCloseTo(1.0, within(1e-4));
        assertThat(dot(vectors.get(0), vectors.get(1))).isCloseTo(0.55, within(0.05));
        assertThat(dot(vectors.get(0), vectors.get(2))).isCloseTo(0.05, within(0.06));
    }

    @Test
    void withoutNormalisationVectorsKeepTheirLength() {
        float[] raw = embedder.embed(new EmbeddingRequest(List.of(CAT), "mean", false, null)).get(0);
        assertThat(norm(raw)).isNotCloseTo(1.0, within(0.01));
        float[] cls = embedder.embed(new EmbeddingRequest(List.of(CAT), "cls", true, null)).get(0);
        assertThat(dot(cls, embedder.embed(new EmbeddingRequest(List.of(CAT), "mean", true, null)).get(0)))
                .isLessThan(0.999);
    }

    @Test
    void unknownPoolingIsAClearError() {
        assertThatThrownBy(() -> embedder.embed(new EmbeddingRequest(List.of(CAT), "median", true, null)))
                .isInstanceOf(ModelException.class)
                .hasMessage("pooling must be mean, cls or max, got 'median'");
    }

    @Test
    void anEmbeddingModelReranksByCosine() {
        List<Double> scores = embedder.rerank(new RerankRequest(CAT, List.of(STOCKS, FELINE), null, false));
        assertThat(scores.get(1)).isGreaterThan(scores.get(0) + 0.3);
    }

    @Test
    void classificationOnAnEmbeddingComponentIsRefused() {
        assertThatThrownBy(() -> embedder.classify(new dev.modelcompose.engine.spi.model.ClassificationRequest(List.of(CAT), null)))
                .isInstanceOf(ModelException.class)
                .hasMessage("this model does not support text-classification");
    }

    @Test
    void aMissingTokenizerSaysWhereItLooked() throws IOException {
        Path bare = Files.createDirectories(folder.resolve("bare"));
        Files.copy(minilm.resolve("model.onnx"), bare.resolve("model.onnx"));
        assertThatThrownBy(() -> driver().load(request("text-embedding", bare, Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./bare: no tokenizer.json in " + bare
                        + " (the djl driver needs the Hugging Face tokenizer file beside the model)");
    }

    @Test
    void aTorchScriptModelWithoutThePyTorchModuleNamesTheModule() throws IOException {
        Path torch = Files.createDirectories(folder.resolve("torch"));
        Files.writeString(torch.resolve("model.pt"), "not really torchscript");
        Files.copy(minilm.resolve("tokenizer.json"), torch.resolve("tokenizer.json"));
        assertThatThrownBy(() -> driver().load(request("text-embedding", torch, Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./torch is a TorchScript model, which needs DJL's PyTorch engine: add the Maven"
                        + " module dev.modelcompose:compose-driver-djl-pytorch to the classpath (or export the model to ONNX)");
    }

    @Test
    void aFileThatIsNotAModelIsAClearError() throws IOException {
        Path broken = Files.createDirectories(folder.resolve("broken"));
        Files.writeString(broken.resolve("model.onnx"), "this is not a protobuf");
        Files.copy(minilm.resolve("tokenizer.json"), broken.resolve("tokenizer.json"));
        assertThatThrownBy(() -> driver().load(request("text-embedding", broken, Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("model ./broken could not be loaded by DJL (OnnxRuntime): ");
    }

    @Test
    void unsupportedTasksListTheSupportedOnes() {
        assertThatThrownBy(() -> driver().load(request("chat-completion", minilm, Map.of())))
                .isInstanceOf(ModelException.class)
                .hasMessage("driver djl does not support task chat-completion"
                        + " (it supports text-classification, text-embedding, text-reranking)");
    }

    static DjlModelDriver driver() {
        return new DjlModelDriver();
    }

    static ModelLoadRequest request(String task, Path path, Map<String, Object> settings) {
        ResolvedModel model = new ResolvedModel(path, "onnx", "./" + path.getFileName());
        return new ModelLoadRequest("test", task, model, "cpu", Map.of(), settings, List.of(), folder);
    }

    static void copy(String resource, Path target) throws IOException {
        try (InputStream in = DjlModelDriverIT.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }
}
