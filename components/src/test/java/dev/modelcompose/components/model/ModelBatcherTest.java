package dev.modelcompose.components.model;

import dev.modelcompose.engine.spi.model.EmbeddingRequest;
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

/**
 * Adaptive dynamic batching of embedding and classification calls, observed through the batch sizes the test driver
 * records. The driver holds each batch until the test releases it ({@code options: {hold: true}}), so later calls
 * gather while one runs; delays are long (1 h) wherever a test expects batches to close by size or by a finishing
 * batch, so no outcome depends on timing.
 */
class ModelBatcherTest {
    /** Component fields for an embedding model whose batches wait for {@link RecordingTestDriver#release}. */
    private static final String HELD = """
            task: text-embedding
            options: { hold: true }
            """;
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
            // a failed test may leave batches held: let them finish so the pool closes
            RecordingTestDriver.release(started.spec.id(), 1000);
            await(started.component.stop());
        }
    }

    private ModelTestFiles.Started start(String id, String fields) throws Throwable {
        started = ModelTestFiles.start(dir, id, fields, vertx);
        return started;
    }

    private static List<Object> all(List<Future<Object>> calls) throws Throwable {
        await(Future.all(calls));
        List<Object> results = new ArrayList<>();
        calls.forEach(call -> results.add(call.result()));
        return results;
    }

    @Test
    void aLoneCallRunsAtOnceEvenWithALongDelay() throws Throwable {
        // the delay is far longer than await's 20 s: waiting for company would fail the test
        var model = start("lone", """
                task: text-embedding
                batch_size: 32
                max_batch_delay: 1h
                action:
                  text: ${input.text}
                """);
        assertThat(model.run(Map.of("text", "a b"))).isEqualTo(List.of(3.0, 2.0, 1.0));
        assertThat(model.run(Map.of("text", "c"))).isEqualTo(List.of(1.0, 1.0, 1.0));
        assertThat(RecordingTestDriver.record("lone").batches).containsExactly(1, 1);
    }

    @Test
    void callsArrivingWhileABatchRunsAreGatheredAndRunTogetherWhenItFinishes() throws Throwable {
        var model = start("gather", HELD + """
                batch_size: 32
                max_batch_delay: 1h
                action:
                  text: ${input.text}
                """);
        Future<Object> first = model.call(Map.of("text", "a"));
        RecordingTestDriver.awaitStarted("gather", 1);
        List<Future<Object>> later = new ArrayList<>();
        for (int i = 2; i <= 8; i++) {
            later.add(model.call(Map.of("text", "x".repeat(i))));
        }
        // a free worker is not enough: the gathered batch is not due (1h), so it waits for the running one
        RecordingTestDriver.release("gather", 1);
        RecordingTestDriver.awaitStarted("gather", 1);
        assertThat(RecordingTestDriver.record("gather").batches).containsExactly(1, 7);
        RecordingTestDriver.release("gather", 1);
        assertThat(await(first)).isEqualTo(List.of(1.0, 1.0, 1.0));
        List<Object> results = all(later);
        for (int i = 2; i <= 8; i++) {
            assertThat(results.get(i - 2)).isEqualTo(List.of((double) i, 1.0, 1.0));
        }
    }

    @Test
    void fullBatchesRunWhileASlotIsFreeAndEachCallerGetsItsOwnVector() throws Throwable {
        var model = start("batched", HELD + """
                batch_size: 4
                max_batch_delay: 1h
                action:
                  text: ${input.text}
                """);
        List<Future<Object>> calls = new ArrayList<>();
        calls.add(model.call(Map.of("text", "x")));
        RecordingTestDriver.awaitStarted("batched", 1);
        for (int i = 2; i <= 8; i++) {
            calls.add(model.call(Map.of("text", "x".repeat(i))));
        }
        // 2..5 fill a batch, which is due and takes the second worker; 6..8 gather until a batch finishes
        RecordingTestDriver.awaitStarted("batched", 1);
        assertThat(RecordingTestDriver.record("batched").batches).containsExactly(1, 4);
        RecordingTestDriver.release("batched", 1);
        RecordingTestDriver.awaitStarted("batched", 1);
        assertThat(RecordingTestDriver.record("batched").batches).containsExactly(1, 4, 3);
        RecordingTestDriver.release("batched", 2);
        List<Object> results = all(calls);
        for (int i = 1; i <= 8; i++) {
            assertThat(results.get(i - 1)).isEqualTo(List.of((double) i, 1.0, 1.0));
        }
    }

    @Test
    void slotsBoundTheBatchesInFlightAndADueBatchKeepsGrowingMeanwhile() throws Throwable {
        // slots = the worker pool = max(2, processors) with no max_concurrent_count
        int slots = Math.max(2, Runtime.getRuntime().availableProcessors());
        var model = start("slots", HELD + """
                batch_size: 3
                max_batch_delay: 1ms
                action:
                  text: ${input.text}
                """);
        List<Future<Object>> calls = new ArrayList<>();
        calls.add(model.call(Map.of("text", "a")));
        RecordingTestDriver.awaitStarted("slots", 1);
        for (int i = 1; i < slots; i++) {
            calls.add(model.call(Map.of("text", List.of("b", "c", "d"))));
        }
        RecordingTestDriver.awaitStarted("slots", slots - 1);
        // every slot is busy: e, f, g gather into one batch although its 1ms delay has passed in between (the
        // pause only gives the timer time to fire; the outcome is the same either way)
        calls.add(model.call(Map.of("text", "e")));
        Thread.sleep(50);
        calls.add(model.call(Map.of("text", "f")));
        calls.add(model.call(Map.of("text", "g")));
        calls.add(model.call(Map.of("text", "h")));
        assertThat(RecordingTestDriver.record("slots").batches).hasSize(slots);
        RecordingTestDriver.release("slots", 1);
        RecordingTestDriver.awaitStarted("slots", 1);
        RecordingTestDriver.release("slots", 1);
        RecordingTestDriver.awaitStarted("slots", 1);
        List<Integer> batches = RecordingTestDriver.record("slots").batches;
        assertThat(batches).hasSize(slots + 2);
        assertThat(batches.subList(slots, slots + 2)).containsExactly(3, 1);
        assertThat(((EmbeddingRequest) RecordingTestDriver.record("slots").requests.get(slots)).texts())
                .containsExactly("e", "f", "g");
        RecordingTestDriver.release("slots", slots);
        assertThat(all(calls)).hasSize(slots + 4);
    }

    @Test
    void aListLongerThanTheBatchSizeIsSplitAndComesBackInOrder() throws Throwable {
        var model = start("split", """
                task: text-embedding
                batch_size: 3
                max_batch_delay: 10s
                action:
                  text: ${input.texts}
                """);
        List<String> texts = List.of("a", "bb", "ccc", "dddd", "eeeee", "ffffff");
        Object result = model.run(Map.of("texts", texts));
        assertThat(RecordingTestDriver.record("split").batches).containsExactly(3, 3);
        List<Object> firsts = new ArrayList<>();
        ((List<?>) result).forEach(vector -> firsts.add(((List<?>) vector).get(0)));
        assertThat(firsts).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    }

    @Test
    void aPartialBatchRunsOnAFreeSlotWhenTheDelayHasPassed() throws Throwable {
        var model = start("late", HELD + """
                batch_size: 32
                max_batch_delay: 50ms
                action:
                  text: ${input.text}
                """);
        Future<Object> first = model.call(Map.of("text", "a"));
        RecordingTestDriver.awaitStarted("late", 1);
        Future<Object> second = model.call(Map.of("text", "b c"));
        // the first batch is still held: only the delay can start the second
        RecordingTestDriver.awaitStarted("late", 1);
        assertThat(RecordingTestDriver.record("late").batches).containsExactly(1, 1);
        RecordingTestDriver.release("late", 2);
        assertThat(all(List.of(first, second))).containsExactly(List.of(1.0, 1.0, 1.0), List.of(3.0, 2.0, 1.0));
    }

    @Test
    void mixedKeysDoNotShareBatches() throws Throwable {
        var model = start("settings", HELD + """
                batch_size: 2
                max_batch_delay: 1h
                action:
                  text: ${input.text}
                  params: { pooling: "${input.pooling}", normalize: true }
                """);
        List<Future<Object>> calls = new ArrayList<>();
        calls.add(model.call(Map.of("text", "a", "pooling", "mean")));
        RecordingTestDriver.awaitStarted("settings", 1);
        calls.add(model.call(Map.of("text", "b", "pooling", "cls")));
        calls.add(model.call(Map.of("text", "c", "pooling", "mean")));
        calls.add(model.call(Map.of("text", "d", "pooling", "cls")));
        calls.add(model.call(Map.of("text", "e", "pooling", "mean")));
        RecordingTestDriver.release("settings", 3);
        all(calls);
        var record = RecordingTestDriver.record("settings");
        assertThat(record.batches).containsExactly(1, 2, 2);
        assertThat(record.requests).extracting(r -> ((EmbeddingRequest) r).pooling() + ": "
                        + String.join(" ", ((EmbeddingRequest) r).texts()))
                .containsExactlyInAnyOrder("mean: a", "cls: b d", "mean: c e");
    }

    @Test
    void batchSizeOneSwitchesBatchingOff() throws Throwable {
        var model = start("single", """
                task: text-embedding
                batch_size: 1
                action:
                  text: ${input.text}
                """);
        List<Future<Object>> calls = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            calls.add(model.call(Map.of("text", "x".repeat(i))));
        }
        all(calls);
        assertThat(RecordingTestDriver.record("single").batches).containsExactly(1, 1, 1, 1, 1);
    }

    @Test
    void aZeroDelaySwitchesBatchingOffButStillSplitsLongLists() throws Throwable {
        var model = start("nodelay", """
                task: text-embedding
                batch_size: 2
                max_batch_delay: 0
                action:
                  text: ${input.text}
                """);
        all(List.of(model.call(Map.of("text", "a")), model.call(Map.of("text", "b")),
                model.call(Map.of("text", List.of("c", "d", "e")))));
        assertThat(RecordingTestDriver.record("nodelay").batches).containsExactlyInAnyOrder(1, 1, 2, 1);
    }

    @Test
    void theModelsOwnBatchCapSplitsABatchFurther() throws Throwable {
        var model = start("capped", """
                task: text-embedding
                batch_size: 8
                max_batch_delay: 10s
                options: { max_batch_size: 3 }
                action:
                  text: ${input.texts}
                """);
        Object result = model.run(Map.of("texts", List.of("a", "b", "c", "d", "e", "f", "g", "h")));
        assertThat(RecordingTestDriver.record("capped").batches).containsExactly(3, 3, 2);
        assertThat((List<?>) result).hasSize(8);
    }

    @Test
    void classificationCallsAreBatchedToo() throws Throwable {
        var model = start("classes", """
                task: text-classification
                batch_size: 3
                max_batch_delay: 1h
                options: { hold: true }
                action:
                  text: ${input.text}
                """);
        Future<Object> first = model.call(Map.of("text", "a"));
        RecordingTestDriver.awaitStarted("classes", 1);
        List<Future<Object>> later = List.of(model.call(Map.of("text", "ab")), model.call(Map.of("text", "abc")),
                model.call(Map.of("text", "abcd")));
        RecordingTestDriver.release("classes", 2);
        assertThat(await(first)).isEqualTo(Map.of("label", "odd", "label_id", 1));
        List<Object> results = all(later);
        assertThat(RecordingTestDriver.record("classes").batches).containsExactly(1, 3);
        assertThat(results).containsExactly(Map.of("label", "even", "label_id", 0),
                Map.of("label", "odd", "label_id", 1), Map.of("label", "even", "label_id", 0));
    }

    @Test
    void anActionsBatchSizeBoundsItsBatches() throws Throwable {
        var model = start("actionsize", """
                task: text-embedding
                batch_size: 32
                max_batch_delay: 10s
                action:
                  text: ${input.texts}
                  batch_size: 2
                """);
        model.run(Map.of("texts", List.of("a", "b", "c", "d")));
        assertThat(RecordingTestDriver.record("actionsize").batches).containsExactly(2, 2);
    }

    @Test
    void maxInputLengthReachesTheDriver() throws Throwable {
        var model = start("maxlen", """
                task: text-embedding
                action:
                  text: ${input.text}
                  max_input_length: ${input.max}
                """);
        model.run(Map.of("text", "a", "max", 3));
        assertThat(((EmbeddingRequest) RecordingTestDriver.record("maxlen").requests.get(0)).maxInputLength())
                .isEqualTo(3);
    }

    @Test
    void aFailingBatchFailsEveryCallerInIt() throws Throwable {
        var model = start("failing", HELD + """
                batch_size: 2
                max_batch_delay: 1h
                action:
                  text: ${input.text}
                """);
        Future<Object> running = model.call(Map.of("text", "x"));
        RecordingTestDriver.awaitStarted("failing", 1);
        Future<Object> first = model.call(Map.of("text", "a"));
        Future<Object> second = model.call(Map.of("text", "fail!"));
        RecordingTestDriver.release("failing", 2);
        await(Future.join(first, second).otherwiseEmpty());
        assertThat(RecordingTestDriver.record("failing").batches).containsExactly(1, 2);
        assertThat(first.cause()).hasMessage("cannot embed 'fail!'");
        assertThat(second.cause()).hasMessage("cannot embed 'fail!'");
        assertThat(await(running)).isEqualTo(List.of(1.0, 1.0, 1.0));
    }
}
