package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.RerankRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** text-reranking: a tiny cross-encoder written by TinyOnnx, and the builtin MiniLM as a bi-encoder. */
class OnnxRerankingIT {
    static final String QUERY = "Where does the cat sleep?";
    static final List<String> DOCUMENTS = List.of("Stock markets fell sharply today.", "A feline rests on a rug.",
            "The recipe needs two eggs.");

    @TempDir
    Path dir;

    final OnnxModelDriver driver = new OnnxModelDriver();

    @Test
    void aCrossEncoderScoresEachPairAndNormaliseAppliesTheSigmoid() {
        TestModels.crossEncoder(dir, 21);
        try (LoadedModel model = driver.load(TestModels.request("text-reranking", dir, "./tiny-ce", Map.of()))) {
            List<Double> raw = model.rerank(new RerankRequest(QUERY, DOCUMENTS, null, false));
            List<Double> normalized = model.rerank(new RerankRequest(QUERY, DOCUMENTS, null, true));
            assertThat(raw).hasSize(3).doesNotHaveDuplicates();
            for (int i = 0; i < 3; i++) {
                assertThat(normalized.get(i)).isCloseTo(1 / (1 + Math.exp(-raw.get(i))), within(1e-9))
                        .isBetween(0.0, 1.0);
                // scored alone, a pair gets the same score as in the batch
                double alone = model.rerank(new RerankRequest(QUERY, List.of(DOCUMENTS.get(i)), null, false)).get(0);
                assertThat(alone).isCloseTo(raw.get(i), within(1e-5));
            }
            // the query is part of the input: another query gives other scores
            assertThat(model.rerank(new RerankRequest("stocks", DOCUMENTS, null, false))).isNotEqualTo(raw);
        }
    }

    @Test
    void anEmbeddingModelRanksByCosine() {
        try (LoadedModel model = driver.load(TestModels.request("text-reranking", TestModels.builtinMiniLm(),
                "builtin:all-minilm-l6-v2", Map.of()))) {
            List<Double> scores = model.rerank(new RerankRequest("The cat sits on the mat.", DOCUMENTS, null, true));
            assertThat(scores).hasSize(3);
            assertThat(scores.get(1)).isCloseTo(0.55, within(0.06));
            assertThat(scores.get(1)).isGreaterThan(scores.get(0)).isGreaterThan(scores.get(2));
            assertThat(scores.get(0)).isCloseTo(0.05, within(0.07));
        }
    }

    @Test
    void noDocumentsGiveNoScores() {
        TestModels.crossEncoder(dir, 22);
        try (LoadedModel model = driver.load(TestModels.request("text-reranking", dir, "./tiny-ce", Map.of()))) {
            assertThat(model.rerank(new RerankRequest(QUERY, List.of(), null, true))).isEmpty();
        }
    }
}
