package dev.modelcompose.benchmarks;

import ai.djl.huggingface.translator.TextEmbeddingTranslatorFactory;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.modelcompose.drivers.djl.DjlModelDriver;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Embedding throughput of the builtin all-MiniLM-L6-v2 (int8) through {@code driver: djl} against raw DJL
 * ({@code Criteria} + {@code TextEmbeddingTranslatorFactory}) in the same JVM, batch 1 and batch 32. Rounds alternate
 * between the two so both see the same machine load; the figure is the median of the rounds' embeddings per second.
 *
 * <pre>java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.modelcompose.benchmarks.DjlBenchmark 7</pre>
 */
public final class DjlBenchmark {
    private static final String[] SENTENCES = {
            "The cat sits on the mat.", "A feline rests on a rug.", "Stock markets fell sharply today.",
            "How do I stream tokens to the browser?", "Vector stores keep embeddings on disk.",
            "The weather is pleasant this afternoon.", "Compose files declare components and workflows.",
            "A small model drafts and a larger one refines."};

    private DjlBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        System.setProperty("ai.djl.offline", "true");
        Path folder = Files.createTempDirectory("minilm");
        copy("/all-minilm-l6-v2-q.onnx", folder.resolve("model.onnx"));
        copy("/all-minilm-l6-v2-q-tokenizer.json", folder.resolve("tokenizer.json"));

        Criteria<String, float[]> criteria = Criteria.builder().setTypes(String.class, float[].class)
                .optModelPath(folder).optModelName("model").optEngine("OnnxRuntime")
                .optTranslatorFactory(new TextEmbeddingTranslatorFactory())
                .optArgument("pooling", "mean").optArgument("normalize", "true")
                .optArgument("includeTokenTypes", "true").optArgument("padding", "true")
                .build();
        ModelLoadRequest request = new ModelLoadRequest("bench", "text-embedding",
                new ResolvedModel(folder, "onnx", "builtin"), "cpu", Map.of(), Map.of(), List.of(), folder);
        try (ZooModel<String, float[]> raw = criteria.loadModel();
             LoadedModel driver = new DjlModelDriver().load(request)) {
            System.out.printf("%-8s %14s %14s %8s%n", "batch", "raw emb/s", "driver emb/s", "ratio");
            for (int batch : new int[]{1, 32}) {
                List<String> texts = texts(batch);
                List<Double> rawRates = new ArrayList<>();
                List<Double> driverRates = new ArrayList<>();
                measure(() -> rawBatch(raw, texts), texts.size());
                measure(() -> driver.embed(new EmbeddingRequest(texts, "mean", true, null)), texts.size());
                for (int round = 0; round < rounds; round++) {
                    rawRates.add(measure(() -> rawBatch(raw, texts), texts.size()));
                    driverRates.add(measure(() -> driver.embed(new EmbeddingRequest(texts, "mean", true, null)),
                            texts.size()));
                }
                double r = median(rawRates);
                double d = median(driverRates);
                System.out.printf("%-8d %14.1f %14.1f %7.0f%%%n", batch, r, d, 100 * d / r);
            }
        }
    }

    private static void rawBatch(ZooModel<String, float[]> model, List<String> texts) {
        try (Predictor<String, float[]> predictor = model.newPredictor()) {
            predictor.batchPredict(texts);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Embeddings per second over about one second of calls. */
    private static double measure(Runnable call, int perCall) {
        long start = System.nanoTime();
        long deadline = start + 1_000_000_000L;
        int calls = 0;
        while (System.nanoTime() < deadline) {
            call.run();
            calls++;
        }
        return calls * (double) perCall / ((System.nanoTime() - start) / 1e9);
    }

    private static List<String> texts(int count) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(SENTENCES[i % SENTENCES.length]);
        }
        return texts;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void copy(String resource, Path target) throws Exception {
        try (InputStream in = DjlBenchmark.class.getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }
}
