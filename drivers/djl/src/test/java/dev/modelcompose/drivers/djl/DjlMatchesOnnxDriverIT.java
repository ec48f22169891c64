package dev.modelcompose.drivers.djl;

import dev.modelcompose.drivers.onnx.OnnxModelDriver;
import dev.modelcompose.drivers.onnx.TestModels;
import dev.modelcompose.engine.spi.model.Classification;
import dev.modelcompose.engine.spi.model.ClassificationRequest;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.RerankRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Users can switch between {@code driver: djl} and {@code driver: onnx} without surprises: on the same model files
 * both give the same embeddings, class probabilities and reranking scores.
 */
class DjlMatchesOnnxDriverIT {
    private static final List<String> TEXTS = List.of("The cat sits on the mat.", "A feline rests on a rug.",
            "Stock markets fell sharply today.", "");

    @TempDir
    Path folder;

    @Test
    void theBuiltinModelEmbedsTheSameThroughBothDrivers() {
        Path minilm = TestModels.builtinMiniLm();
        try (LoadedModel djl = load(new DjlModelDriver(), "text-embedding", minilm, Map.of());
             LoadedModel onnx = load(new OnnxModelDriver(), "text-embedding", minilm, Map.of())) {
            for (String text : TEXTS) {
                EmbeddingRequest one = new EmbeddingRequest(List.of(text), "mean", true, null);
                assertClose(djl.embed(one).get(0), onnx.embed(one).get(0), 1e-4);
            }
            EmbeddingRequest batch = new EmbeddingRequest(TEXTS, "cls", false, null);
            List<float[]> fromDjl = djl.embed(batch);
            List<float[]> fromOnnx = onnx.embed(batch);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertClose(fromDjl.get(i), fromOnnx.get(i), 1e-3);
            }
        }
    }

    @Test
    void aClassifierGivesTheSameProbabilitiesAndLabels() throws Exception {
        Path model = TestModels.sequenceClassifier(Files.createDirectories(folder.resolve("classifier")), 3, 11);
        Map<String, Object> settings = Map.of("labels", List.of("negative", "neutral", "positive"));
        try (LoadedModel djl = load(new DjlModelDriver(), "text-classification", model, settings);
             LoadedModel onnx = load(new OnnxModelDriver(), "text-classification", model, settings)) {
            ClassificationRequest request = new ClassificationRequest(TEXTS.subList(0, 3), null);
            List<Classification> fromDjl = djl.classify(request);
            List<Classification> fromOnnx = onnx.classify(request);
            for (int i = 0; i < 3; i++) {
                assertThat(fromDjl.get(i).label()).isEqualTo(fromOnnx.get(i).label());
                assertThat(fromDjl.get(i).labelId()).isEqualTo(fromOnnx.get(i).labelId());
                assertThat(fromDjl.get(i).labels()).containsExactly("negative", "neutral", "positive");
                for (int c = 0; c < 3; c++) {
                    assertThat(fromDjl.get(i).probabilities().get(c))
                            .isCloseTo(fromOnnx.get(i).probabilities().get(c), within(1e-4));
                }
            }
        }
    }

    @Test
    void labelsComeFromConfigJsonWhenTheComponentNamesNone() throws Exception {
        Path model = TestModels.sequenceClassifier(Files.createDirectories(folder.resolve("labelled")), 2, 3);
        Files.writeString(model.resolve("config.json"), "{\"id2label\": {\"0\": \"NEGATIVE\", \"1\": \"POSITIVE\"}}");
        try (LoadedModel djl = load(new DjlModelDriver(), "text-classification", model, Map.of())) {
            Classification result = djl.classify(new ClassificationRequest(List.of("great"), null)).get(0);
            assertThat(result.labels()).containsExactly("NEGATIVE", "POSITIVE");
            assertThat(result.label()).isEqualTo(result.labels().get(result.labelId()));
            assertThat(result.probabilities().get(0) + result.probabilities().get(1)).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void aCrossEncoderScoresTheSame() throws Exception {
        Path model = TestModels.crossEncoder(Files.createDirectories(folder.resolve("cross")), 5);
        try (LoadedModel djl = load(new DjlModelDriver(), "text-reranking", model, Map.of());
             LoadedModel onnx = load(new OnnxModelDriver(), "text-reranking", model, Map.of())) {
            RerankRequest request = new RerankRequest("Where does the cat sit?", TEXTS.subList(0, 3), null, true);
            List<Double> fromDjl = djl.rerank(request);
            List<Double> fromOnnx = onnx.rerank(request);
            assertThat(fromDjl).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(fromDjl.get(i)).isBetween(0.0, 1.0).isCloseTo(fromOnnx.get(i), within(1e-4));
            }
        }
    }

    private static LoadedModel load(ModelDriver driver, String task, Path path, Map<String, Object> settings) {
        ModelLoadRequest request = TestModels.request(task, path, "./" + path.getFileName(), settings);
        return driver.load(request);
    }

    private static void assertClose(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("component %d", i).isCloseTo(expected[i], within(tolerance));
        }
    }
}
