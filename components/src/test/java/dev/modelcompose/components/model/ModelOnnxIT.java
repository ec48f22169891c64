package dev.modelcompose.components.model;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.drivers.onnx.TestModels;
import dev.modelcompose.drivers.onnx.TinyDecoderModels;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.modelcompose.components.TestCallContext.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The model component with the real ONNX driver: the builtin MiniLM, and tiny models the test writes. */
class ModelOnnxIT {
    private static Vertx vertx;
    private final List<Component> started = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Throwable {
        await(vertx.close());
    }

    @AfterEach
    void stop() throws Throwable {
        for (Component component : started) {
            await(component.stop());
        }
    }

    private record Running(Component component, ComponentSpec spec, TestCallContext context) {
        Future<Object> call(Object input) {
            return component.call(spec.action(null).orElseThrow(), input, context);
        }

        Object run(Object input) throws Throwable {
            return await(call(input));
        }
    }

    private Running start(String component) throws Throwable {
        ComposeFixture fixture = ComposeFixture.load(dir, """
                components:
                  - id: m
                """ + component.indent(4) + """
                workflow:
                  jobs:
                    - component: m
                """);
        Component created = fixture.create("m");
        TestCallContext context = new TestCallContext(vertx, dir, null);
        await(created.start(context));
        started.add(created);
        return new Running(created, fixture.spec("m"), context);
    }

    @SuppressWarnings("unchecked")
    private static double cosine(Object a, Object b) {
        List<Double> x = (List<Double>) a;
        List<Double> y = (List<Double>) b;
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.size(); i++) {
            dot += x.get(i) * y.get(i);
            nx += x.get(i) * x.get(i);
            ny += y.get(i) * y.get(i);
        }
        return dot / Math.sqrt(nx * ny);
    }

    @Test
    void theBuiltinModelEmbedsSentencesByMeaning() throws Throwable {
        Running model = start("""
                type: model
                task: text-embedding
                model: builtin:all-minilm-l6-v2
                action:
                  text: ${input.text}
                """);
        List<?> vectors = (List<?>) model.run(Map.of("text", List.of("The cat sits on the mat.",
                "A feline rests on a rug.", "Stock markets fell sharply today.")));
        assertThat((List<?>) vectors.get(0)).hasSize(384);
        double similar = cosine(vectors.get(0), vectors.get(1));
        double unrelated = cosine(vectors.get(0), vectors.get(2));
        assertThat(similar).isGreaterThan(0.4);
        assertThat(unrelated).isLessThan(0.2);
        assertThat(cosine(vectors.get(0), vectors.get(0))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void concurrentCallsBatchedTogetherGiveTheSameVectorsAsSingleCalls() throws Throwable {
        Running model = start("""
                type: model
                task: text-embedding
                model: builtin:all-minilm-l6-v2
                batch_size: 8
                max_batch_delay: 10s
                action:
                  text: ${input.text}
                """);
        List<String> texts = List.of("red apples", "green pears", "a fast car", "the stock market", "ocean waves",
                "a quiet library", "hot coffee", "snowy mountains");
        List<Future<Object>> calls = new ArrayList<>();
        texts.forEach(text -> calls.add(model.call(Map.of("text", text))));
        await(Future.all(calls));
        List<?> alone = (List<?>) start("""
                type: model
                task: text-embedding
                model: builtin:all-minilm-l6-v2
                batch_size: 1
                action:
                  text: ${input.text}
                """).run(Map.of("text", texts));
        // int8 results vary slightly with batch padding: each caller's vector is its own text's, not a neighbour's
        for (int i = 0; i < texts.size(); i++) {
            int closest = 0;
            for (int j = 1; j < texts.size(); j++) {
                if (cosine(calls.get(i).result(), alone.get(j)) > cosine(calls.get(i).result(), alone.get(closest))) {
                    closest = j;
                }
            }
            assertThat(closest).as(texts.get(i)).isEqualTo(i);
            assertThat(cosine(calls.get(i).result(), alone.get(i))).as(texts.get(i)).isGreaterThan(0.95);
        }
    }

    @Test
    void anEmbeddingModelRanksDocumentsAgainstAQuery() throws Throwable {
        Running model = start("""
                type: model
                task: text-reranking
                model: builtin:all-minilm-l6-v2
                action:
                  query: ${input.query}
                  documents: ${input.documents}
                  top_k: 1
                """);
        Object result = model.run(Map.of("query", "Where do cats like to sleep?", "documents",
                List.of("Interest rates rose again.", "Cats often nap on warm windowsills.", "Rust is a language.")));
        assertThat((List<?>) result).hasSize(1);
        assertThat(((Map<?, ?>) ((List<?>) result).get(0)).get("document"))
                .isEqualTo("Cats often nap on warm windowsills.");
    }

    @Test
    void aSequenceClassifierGivesALabelFromTheComponentsLabels() throws Throwable {
        TestModels.sequenceClassifier(dir.resolve("classifier"), 3, 7);
        Running model = start("""
                type: model
                task: text-classification
                model: ./classifier
                labels: [negative, neutral, positive]
                action:
                  text: ${input.text}
                  return_probabilities: true
                """);
        Map<?, ?> result = (Map<?, ?>) model.run(Map.of("text", "what a lovely day"));
        assertThat(List.of("negative", "neutral", "positive")).contains((String) result.get("label"));
        List<?> probabilities = (List<?>) result.get("probabilities");
        assertThat(probabilities).hasSize(3);
        assertThat(probabilities.stream().mapToDouble(p -> (Double) p).sum()).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void streamingGenerationGivesTheSameTextAsAWholeReply() throws Throwable {
        TinyDecoderModels.writeWithKvCache(dir.resolve("tiny-lm"));
        Running whole = start("""
                type: model
                task: text-generation
                model: ./tiny-lm
                action:
                  prompt: ${input.prompt}
                  max_output_length: 12
                  params: { do_sample: false }
                """);
        Object text = whole.run(Map.of("prompt", "hello"));
        Running streaming = start("""
                type: model
                task: text-generation
                model: ./tiny-lm
                action:
                  prompt: ${input.prompt}
                  max_output_length: 12
                  params: { do_sample: false }
                  streaming: true
                """);
        Object stream = streaming.run(Map.of("prompt", "hello"));
        assertThat(stream).isInstanceOf(ChunkStream.class);
        assertThat(await(((ChunkStream) stream).drain())).isEqualTo(text);
        assertThat((String) text).isNotEmpty();
    }

    @Test
    void chatCompletionRendersTheChatTemplate() throws Throwable {
        TinyDecoderModels.writeWithKvCache(dir.resolve("tiny-chat"));
        Running model = start("""
                type: model
                task: chat-completion
                model: ./tiny-chat
                action:
                  messages: [{ role: user, content: "${input.question}" }]
                  max_output_length: 6
                  params: { seed: 3 }
                """);
        Object first = model.run(Map.of("question", "hello"));
        assertThat(model.run(Map.of("question", "hello"))).isEqualTo(first);
    }
}
