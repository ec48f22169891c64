package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.Classification;
import dev.modelcompose.engine.spi.model.ClassificationRequest;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** text-classification with a tiny sequence classifier written by TinyOnnx. */
class OnnxClassificationIT {
    static final List<String> TEXTS = List.of("I loved this film.", "Terrible service, never again.",
            "The package arrived on a Tuesday, and it was mostly fine I suppose.", "");

    @TempDir
    Path dir;

    final OnnxModelDriver driver = new OnnxModelDriver();

    @Test
    void softmaxProbabilitiesWithTheComponentsLabelsInOneBatch() {
        TestModels.sequenceClassifier(dir, 3, 11);
        try (LoadedModel model = driver.load(TestModels.request("text-classification", dir, "./tiny",
                Map.of("labels", List.of("negative", "neutral", "positive"))))) {
            List<Classification> results = model.classify(new ClassificationRequest(TEXTS, null));
            assertThat(results).hasSize(4);
            for (Classification c : results) {
                assertThat(c.probabilities()).hasSize(3);
                assertThat(c.probabilities().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                        within(1e-9));
                double best = c.probabilities().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                assertThat(c.probabilities().get(c.labelId())).isEqualTo(best);
                assertThat(c.labels()).containsExactly("negative", "neutral", "positive");
                assertThat(c.label()).isEqualTo(c.labels().get(c.labelId()));
            }
            // the texts do not all get the same probabilities: the model reads them
            assertThat(results.get(0).probabilities()).isNotEqualTo(results.get(1).probabilities());
            // padding does not change a text's result (the model pools over the attention mask)
            for (int i = 0; i < TEXTS.size(); i++) {
                Classification single = model.classify(new ClassificationRequest(List.of(TEXTS.get(i)), null)).get(0);
                for (int c = 0; c < 3; c++) {
                    assertThat(single.probabilities().get(c)).isCloseTo(results.get(i).probabilities().get(c),
                            within(1e-5));
                }
            }
        }
    }

    @Test
    void labelsComeFromConfigJsonId2labelWhenTheComponentGivesNone() throws Exception {
        TestModels.sequenceClassifier(dir, 2, 12);
        Files.writeString(dir.resolve("config.json"),
                "{\"architectures\": [\"BertForSequenceClassification\"], \"id2label\": {\"1\": \"POSITIVE\", \"0\": \"NEGATIVE\"}}");
        try (LoadedModel model = driver.load(TestModels.request("text-classification", dir, "./tiny", Map.of()))) {
            Classification c = model.classify(new ClassificationRequest(List.of("fine"), null)).get(0);
            assertThat(c.labels()).containsExactly("NEGATIVE", "POSITIVE");
            assertThat(c.label()).isIn("NEGATIVE", "POSITIVE");
        }
    }

    @Test
    void withoutLabelsTheClassesHaveNoNames() {
        TestModels.sequenceClassifier(dir, 2, 13);
        try (LoadedModel model = driver.load(TestModels.request("text-classification", dir, "./tiny", Map.of()))) {
            Classification c = model.classify(new ClassificationRequest(List.of("fine"), null)).get(0);
            assertThat(c.label()).isNull();
            assertThat(c.labels()).isEqualTo(Arrays.asList(null, null));
        }
    }

    @Test
    void labelsThatDoNotMatchTheClassesAreAnError() {
        TestModels.sequenceClassifier(dir, 3, 14);
        assertThatThrownBy(() -> driver.load(TestModels.request("text-classification", dir, "./tiny",
                Map.of("labels", List.of("a", "b"))))).isInstanceOf(ModelException.class)
                .hasMessage("model ./tiny has 3 classes but labels lists 2 names");
    }

    @Test
    void moreTextsThanABatchKeepTheirOrder() {
        TestModels.sequenceClassifier(dir, 2, 15);
        try (LoadedModel model = driver.load(TestModels.request("text-classification", dir, "./tiny",
                Map.of("batch_size", 2)))) {
            List<Classification> all = model.classify(new ClassificationRequest(TEXTS, null));
            for (int i = 0; i < TEXTS.size(); i++) {
                Classification single = model.classify(new ClassificationRequest(List.of(TEXTS.get(i)), null)).get(0);
                assertThat(all.get(i).probabilities().get(0)).isCloseTo(single.probabilities().get(0), within(1e-5));
            }
        }
    }
}
