package dev.modelcompose.components.model;

import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.RerankRequest;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.modelcompose.components.TestCallContext.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model component's tasks, lifecycle and call errors, with the {@link RecordingTestDriver}. */
class ModelComponentTest {
    private static Vertx vertx;
    private ModelTestFiles.Started started;

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
        if (started != null) {
            await(started.component.stop());
        }
    }

    private ModelTestFiles.Started start(String id, String fields) throws Throwable {
        started = ModelTestFiles.start(dir, id, fields, vertx);
        return started;
    }

    @Test
    void embeddingGivesOneVectorForATextAndAListForAList() throws Throwable {
        var model = start("emb", """
                task: text-embedding
                action:
                  text: ${input.text}
                """);
        assertThat(model.run(Map.of("text", "hello world"))).isEqualTo(List.of(11.0, 2.0, 1.0));
        assertThat(model.run(Map.of("text", List.of("a", "b c")))).isEqualTo(List.of(List.of(1.0, 1.0, 1.0),
                List.of(3.0, 2.0, 1.0)));
    }

    @Test
    void embeddingParamsReachTheDriverWithNormalizeOnByDefault() throws Throwable {
        var model = start("params", """
                task: text-embedding
                action:
                  text: ${input.text}
                  params: { pooling: cls }
                """);
        model.run(Map.of("text", "a"));
        var request = (dev.modelcompose.engine.spi.model.EmbeddingRequest) RecordingTestDriver.record("params")
                .requests.get(0);
        assertThat(request.pooling()).isEqualTo("cls");
        assertThat(request.normalize()).isTrue();
    }

    @Test
    void outputIsAppliedToTheResult() throws Throwable {
        var model = start("out", """
                task: text-embedding
                action:
                  text: ${input.text}
                  output: { dims: "${result}", first: "${result[0]}" }
                """);
        Object result = model.run(Map.of("text", "abc"));
        assertThat(result).isEqualTo(Map.of("dims", List.of(3.0, 1.0, 1.0), "first", 3.0));
    }

    @Test
    void classificationGivesLabelIdAndProbabilitiesWhenAsked() throws Throwable {
        var model = start("cls", """
                task: text-classification
                labels: [even, odd]
                action:
                  text: ${input.text}
                  return_probabilities: ${input.p | false}
                """);
        assertThat(model.run(Map.of("text", "abc"))).isEqualTo(Map.of("label", "odd", "label_id", 1));
        assertThat(model.run(Map.of("text", List.of("ab"), "p", true))).isEqualTo(List.of(
                Map.of("label", "even", "label_id", 0, "probabilities", List.of(0.75, 0.25))));
        assertThat(RecordingTestDriver.record("cls").loadRequest.settings()).containsEntry("labels",
                List.of("even", "odd"));
    }

    @Test
    void rerankingSortsByScoreAndAppliesTopKAndThreshold() throws Throwable {
        var model = start("rank", """
                task: text-reranking
                action:
                  query: ${input.query}
                  documents: ${input.documents}
                  top_k: 2
                  score_threshold: 1
                """);
        Object result = model.run(Map.of("query", "red apple pie", "documents",
                List.of("a blue car", "red apple", "apple pie red", "red wine")));
        assertThat(result).isEqualTo(List.of(
                Map.of("index", 2, "score", 3.0, "document", "apple pie red"),
                Map.of("index", 1, "score", 2.0, "document", "red apple")));
    }

    @Test
    void rerankingReadsTheDocumentFieldOfMappingsAndCanLeaveDocumentsOut() throws Throwable {
        var model = start("rankobj", """
                task: text-reranking
                action:
                  query: ${input.query}
                  documents: ${input.documents}
                  document_field: body
                  return_documents: false
                  params: { normalize: true }
                """);
        Object result = model.run(Map.of("query", "cat", "documents",
                List.of(Map.of("id", 1, "body", "a dog"), Map.of("id", 2, "body", "a cat"))));
        assertThat(result).isEqualTo(List.of(Map.of("index", 1, "score", 0.5), Map.of("index", 0, "score", 0.0)));
        assertThat(((RerankRequest) RecordingTestDriver.record("rankobj").requests.get(0)).normalize()).isTrue();
    }

    @Test
    void rerankingAMappingWithoutDocumentFieldSaysWhatToSet() throws Throwable {
        var model = start("rankbad", """
                task: text-reranking
                action:
                  query: q
                  documents: ${input.documents}
                """);
        assertThatThrownBy(() -> model.run(Map.of("documents", List.of("x", Map.of("body", "y")))))
                .hasMessage("documents[1] is a mapping: set document_field to the key that holds its text");
    }

    @Test
    void generationGivesTheTextAndPassesTheParams() throws Throwable {
        var model = start("gen", """
                task: text-generation
                action:
                  prompt: ${input.prompt}
                  max_output_length: 10
                  stop_sequences: [stop]
                  params: { temperature: 0.5, top_k: 5, top_p: 0.9, repeat_penalty: 1.1, seed: 7, num_beams: 1 }
                """);
        assertThat(model.run(Map.of("prompt", "one two three"))).isEqualTo("three two one");
        var request = (GenerationRequest) RecordingTestDriver.record("gen").requests.get(0);
        assertThat(request.params().maxOutputLength()).isEqualTo(10);
        assertThat(request.params().temperature()).isEqualTo(0.5);
        assertThat(request.params().topK()).isEqualTo(5);
        assertThat(request.params().topP()).isEqualTo(0.9);
        assertThat(request.params().repetitionPenalty()).isEqualTo(1.1);
        assertThat(request.params().seed()).isEqualTo(7L);
        assertThat(request.params().stopSequences()).containsExactly("stop");
        assertThat(request.params().extra()).isEqualTo(Map.of("num_beams", 1));
    }

    @Test
    void generationOfAListOfPromptsGivesAListOfTexts() throws Throwable {
        var model = start("genlist", """
                task: text-generation
                action:
                  prompt: ${input.prompts}
                """);
        assertThat(model.run(Map.of("prompts", List.of("a b", "c d")))).isEqualTo(List.of("b a", "d c"));
    }

    @Test
    void chatCompletionPassesMessagesAndTools() throws Throwable {
        var model = start("chat", """
                task: chat-completion
                action:
                  messages:
                    - { role: system, content: be brief }
                    - { role: user, content: "${input.question}" }
                  tools: [{ type: function, function: { name: add } }]
                """);
        assertThat(model.run(Map.of("question", "how are you"))).isEqualTo("you are how");
        var request = (GenerationRequest) RecordingTestDriver.record("chat").requests.get(0);
        assertThat(request.messages()).hasSize(2);
        assertThat(request.tools()).hasSize(1);
        assertThat(request.prompt()).isNull();
    }

    @Test
    void streamingGivesTextDeltasRenderedPerChunk() throws Throwable {
        var model = start("stream", """
                task: text-generation
                action:
                  prompt: ${input.prompt}
                  streaming: true
                  output: "[${result[]}]"
                """);
        Object result = model.run(Map.of("prompt", "c b a"));
        assertThat(result).isInstanceOf(ChunkStream.class);
        assertThat(await(((ChunkStream) result).collect())).containsExactly("[a]", "[ b]", "[ c]");
    }

    @Test
    void cancellingTheStreamStopsGeneration() throws Throwable {
        var model = start("cancel", """
                task: text-generation
                options: { token_gate: true }
                action:
                  prompt: ${input.prompt}
                  streaming: true
                """);
        ChunkStream stream = (ChunkStream) model.run(Map.of("prompt", "five four three two one"));
        BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
        stream.subscribe(new ChunkSubscriber() {
            @Override
            public void onChunk(Object chunk) {
                chunks.add(chunk);
            }

            @Override
            public void onError(Throwable error) {
                chunks.add(error);
            }

            @Override
            public void onEnd() {
                chunks.add("END");
            }
        });
        assertThat(chunks.poll(20, TimeUnit.SECONDS)).isEqualTo("one");
        stream.cancel();
        RecordingTestDriver.openGate("cancel");
        var record = RecordingTestDriver.record("cancel");
        for (int i = 0; i < 200 && record.finishReason == null; i++) {
            Thread.sleep(50);
        }
        assertThat(record.finishReason).isEqualTo("cancelled");
        assertThat(record.tokens.get()).isEqualTo(1);
    }

    @Test
    void cancellingTheCallStopsGeneration() throws Throwable {
        var model = start("cancelcall", """
                task: text-generation
                options: { token_gate: true }
                action:
                  prompt: ${input.prompt}
                """);
        TestCallContext context = new TestCallContext(vertx, dir, null);
        Future<Object> call = model.call(Map.of("prompt", "three two one"), context);
        var record = RecordingTestDriver.record("cancelcall");
        for (int i = 0; i < 200 && record.tokens.get() == 0; i++) {
            Thread.sleep(50);
        }
        context.cancellation().cancel("cancelled by the test");
        RecordingTestDriver.openGate("cancelcall");
        assertThatThrownBy(() -> await(call)).isInstanceOf(CancellationException.class)
                .hasMessage("cancelled by the test");
        assertThat(record.finishReason).isEqualTo("cancelled");
    }

    @Test
    void wrongInputTypesNameTheField() throws Throwable {
        var model = start("types", """
                task: text-embedding
                action:
                  text: ${input.text}
                """);
        assertThatThrownBy(() -> model.run(Map.of("text", 5)))
                .hasMessage("text must be a string or a list of strings, got the number 5");
        assertThatThrownBy(() -> model.run(Map.of("text", List.of())))
                .hasMessage("text is an empty list; give at least one text");
        assertThatThrownBy(() -> model.run(Map.of("text", List.of("a", 2))))
                .hasMessage("text[1] must be a string, got the number 2");
        assertThatThrownBy(() -> model.run(Map.of()))
                .hasMessage("text must be a string or a list of strings, got nothing (is the input field set?)");
    }

    @Test
    void unknownParamsAreRefusedAtTheCall() throws Throwable {
        var model = start("badparams", """
                task: text-embedding
                action:
                  text: ${input.text}
                  params: { pooling: "${input.pooling}" }
                """);
        assertThatThrownBy(() -> model.run(Map.of("text", "a", "pooling", "avg")))
                .hasMessage("params.pooling must be mean, cls or max, got 'avg'");
    }

    @Test
    void aModelLoadsOnceAndIsSharedByEveryCall() throws Throwable {
        var model = start("shared", """
                task: text-embedding
                action:
                  text: ${input.text}
                """);
        for (int i = 0; i < 5; i++) {
            model.run(Map.of("text", "a"));
        }
        assertThat(RecordingTestDriver.record("shared").loads.get()).isEqualTo(1);
        await(model.component.stop());
        started = null;
        assertThat(RecordingTestDriver.record("shared").closes.get()).isEqualTo(1);
    }

    @Test
    void withoutPreloadConcurrentFirstCallsWaitForTheSameLoad() throws Throwable {
        var model = start("lazy", """
                task: text-embedding
                preload: false
                batch_size: 1
                options: { load_gate: true }
                action:
                  text: ${input.text}
                """);
        var record = RecordingTestDriver.record("lazy");
        assertThat(record.loads.get()).isZero();
        List<Future<Object>> calls = List.of(model.call(Map.of("text", "a")), model.call(Map.of("text", "bb")),
                model.call(Map.of("text", "ccc")));
        RecordingTestDriver.openGate("lazy");
        await(Future.all(calls));
        assertThat(record.loads.get()).isEqualTo(1);
        assertThat(calls.get(2).result()).isEqualTo(List.of(3.0, 1.0, 1.0));
    }

    @Test
    void preloadLoadsAtStart() throws Throwable {
        start("eager", """
                task: text-embedding
                action:
                  text: ${input.text}
                """);
        assertThat(RecordingTestDriver.record("eager").loads.get()).isEqualTo(1);
        assertThat(RecordingTestDriver.record("eager").loadRequest.device()).isEqualTo("auto");
    }

    @Test
    void anIdleModelIsUnloadedAndTheNextCallLoadsItAgain() throws Throwable {
        var model = start("idle", """
                task: text-embedding
                on_demand: { idle_timeout: 100ms }
                action:
                  text: ${input.text}
                """);
        var record = RecordingTestDriver.record("idle");
        model.run(Map.of("text", "a"));
        for (int i = 0; i < 200 && record.closes.get() == 0; i++) {
            Thread.sleep(25);
        }
        assertThat(record.closes.get()).isEqualTo(1);
        assertThat(model.run(Map.of("text", "abc"))).isEqualTo(List.of(3.0, 1.0, 1.0));
        assertThat(record.loads.get()).isEqualTo(2);
    }

    @Test
    void aModelThatCannotLoadFailsItsCallsWithTheReasonButStartsAnyway() throws Throwable {
        var model = start("broken", """
                task: text-embedding
                options: { fail: "tokenizer.json is missing in the model folder" }
                action:
                  text: ${input.text}
                """);
        assertThatThrownBy(() -> model.run(Map.of("text", "a")))
                .hasMessage("component 'broken' could not load its model: tokenizer.json is missing in the model"
                        + " folder");
    }

    @Test
    void theDriverIsChosenByTheModelsFormatWhenNoneIsNamed() throws Throwable {
        ModelTestFiles.modelFolder(dir);
        RecordingTestDriver.reset("auto");
        var fixture = dev.modelcompose.components.ComposeFixture.load(dir, """
                components:
                  - id: auto
                    type: model
                    task: text-embedding
                    model: ./m
                    device: cpu
                    action: { text: "${input.text}" }
                workflow:
                  jobs:
                    - component: auto
                """);
        var component = fixture.create("auto");
        TestCallContext context = new TestCallContext(vertx, dir, null);
        await(component.start(context));
        try {
            assertThat(await(component.call(fixture.spec("auto").action(null).orElseThrow(), Map.of("text", "ab"),
                    context))).isEqualTo(List.of(2.0, 1.0, 1.0));
            assertThat(RecordingTestDriver.record("auto").loadRequest.model().format()).isEqualTo("safetensors");
            assertThat(RecordingTestDriver.record("auto").loadRequest.device()).isEqualTo("cpu");
        } finally {
            await(component.stop());
        }
    }
}
