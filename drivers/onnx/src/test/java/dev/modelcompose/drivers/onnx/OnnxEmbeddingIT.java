package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelDrivers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Embeddings from the builtin all-MiniLM-L6-v2 (int8) through the driver found by ServiceLoader. */
class OnnxEmbeddingIT {
    static final String CAT = "The cat sits on the mat.";
    static final String FELINE = "A feline rests on a rug.";
    static final String STOCKS = "Stock markets fell sharply today.";

    static LoadedModel model;

    @BeforeAll
    static void load() {
        ModelDriver driver = ModelDrivers.discover().get("onnx").orElseThrow();
        model = driver.load(TestModels.request("text-embedding", TestModels.builtinMiniLm(), "builtin:all-minilm-l6-v2",
                Map.of()));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void similarSentencesAreCloseAndUnrelatedOnesAreNot() {
        List<float[]> v = model.embed(new EmbeddingRequest(List.of(CAT, FELINE, STOCKS), "mean", true, null));
        assertThat(v).hasSize(3).allSatisfy(vector -> assertThat(vector).hasSize(384));
        assertThat(cos(v.get(0), v.get(1))).isCloseTo(0.55, within(0.05));
        assertThat(cos(v.get(0), v.get(2))).isCloseTo(0.05, within(0.07));
        assertThat(norm(v.get(0))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void aBatchGivesWhatSingleCallsGiveWithinInt8Tolerance() {
        List<float[]> batch = model.embed(new EmbeddingRequest(List.of(CAT, STOCKS, FELINE), null, true, null));
        for (int i = 0; i < 3; i++) {
            String text = List.of(CAT, STOCKS, FELINE).get(i);
            float[] single = model.embed(new EmbeddingRequest(List.of(text), null, true, null)).get(0);
            assertThat(cos(batch.get(i), single)).isGreaterThan(0.98);
        }
    }

    @Test
    void withoutNormalisationTheVectorKeepsItsLengthAndPoolingsDiffer() {
        float[] mean = model.embed(new EmbeddingRequest(List.of(CAT), "mean", false, null)).get(0);
        float[] cls = model.embed(new EmbeddingRequest(List.of(CAT), "cls", false, null)).get(0);
        float[] max = model.embed(new EmbeddingRequest(List.of(CAT), "max", false, null)).get(0);
        assertThat(norm(mean)).isNotCloseTo(1.0, within(0.05));
        assertThat(cos(mean, cls)).isLessThan(0.999);
        assertThat(cos(mean, max)).isLessThan(0.999);
        // max pooling takes each dimension's largest token value, so it is at least the mean in every dimension
        for (int d = 0; d < mean.length; d++) {
            assertThat(max[d]).isGreaterThanOrEqualTo(mean[d] - 1e-5f);
        }
    }

    @Test
    void anEmptyStringEmbeds() {
        float[] empty = model.embed(new EmbeddingRequest(List.of(""), null, true, null)).get(0);
        assertThat(empty).hasSize(384);
        assertThat(norm(empty)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void aTooLongInputIsTruncatedWithOneWarning() {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger("dev.modelcompose.drivers.onnx");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (LoadedModel fresh = ModelDrivers.discover().get("onnx").orElseThrow().load(TestModels.request(
                "text-embedding", TestModels.builtinMiniLm(), "builtin:all-minilm-l6-v2",
                Map.of("max_seq_length", 16)))) {
            String longText = "word ".repeat(600);
            List<float[]> v = fresh.embed(new EmbeddingRequest(List.of(longText, longText + "more"), null, true,
                    null));
            fresh.embed(new EmbeddingRequest(List.of(longText), null, true, null));
            assertThat(v).hasSize(2);
            // both truncated to the same 16 tokens
            assertThat(cos(v.get(0), v.get(1))).isCloseTo(1.0, within(1e-4));
            assertThat(records).extracting(LogRecord::getMessage).containsExactly(
                    "model builtin:all-minilm-l6-v2: an input longer than 16 tokens was truncated to 16 tokens (set"
                            + " max_seq_length to change the limit; further truncations of this model are not"
                            + " reported)");
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void aRequestCanAskForAShorterMaximum() {
        String text = "one two three four five six seven eight nine ten eleven twelve";
        float[] full = model.embed(new EmbeddingRequest(List.of(text), null, true, null)).get(0);
        float[] cut = model.embed(new EmbeddingRequest(List.of(text), null, true, 4)).get(0);
        float[] prefix = model.embed(new EmbeddingRequest(List.of("one two"), null, true, null)).get(0);
        assertThat(cos(cut, full)).isLessThan(0.99);
        // [CLS] one two [SEP]: the same tokens as the text "one two"
        assertThat(cos(cut, prefix)).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void moreTextsThanOneChunkKeepTheirOrder() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            texts.add(i % 2 == 0 ? CAT : STOCKS);
        }
        List<float[]> v = model.embed(new EmbeddingRequest(texts, null, true, null));
        assertThat(v).hasSize(70);
        for (int i = 0; i < 70; i++) {
            assertThat(cos(v.get(i), v.get(i % 2))).isGreaterThan(0.98);
        }
    }

    @Test
    void concurrentCallsGetTheirOwnResults() throws Exception {
        List<String> texts = List.of(CAT, FELINE, STOCKS, "", "word ".repeat(40));
        List<float[]> expected = new ArrayList<>();
        for (String text : texts) {
            expected.add(model.embed(new EmbeddingRequest(List.of(text), null, true, null)).get(0));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<float[]>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String text = texts.get(i % texts.size());
                futures.add(pool.submit(() -> model.embed(new EmbeddingRequest(List.of(text), null, true, null))
                        .get(0)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(cos(futures.get(i).get(), expected.get(i % texts.size()))).isCloseTo(1.0, within(1e-6));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static double cos(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    static double norm(float[] a) {
        double sum = 0;
        for (float x : a) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
