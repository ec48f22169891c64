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
 * Dynamic batching of embedding and classification calls, observed through the batch sizes the test driver records.
 * The delay is long (10 s) wherever a test expects batches to close by size, so no outcome depends on timing.
 */
class ModelBatcherTest {
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

    private static List<Object> all(List<Future<Object>> calls) throws Throwable {
        await(Future.all(calls));
        List<Object> results = new ArrayList<>();
        calls.forEach(call -> results.add(call.result()));
        return results;
    }

    @Test
    void concurrentCallsShareBatchesAndEachCallerGetsItsOwnVector() throws Throwable {
        var model = start("batched", """
                task: text-embedding
                batch_size: 4
                max_batch_delay: 10s
                action:
                  text: ${input.text}
                """);
        List<Future<Object>> calls = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            calls.add(model.call(Map.of("text", "x".repeat(i))));
        }
        List<Object> results = all(calls);
        assertThat(RecordingTestDriver.record("batched").batches).containsExactly(4, 4);
        for (int i = 1; i <= 8; i++) {
            assertThat(results.get(i - 1)).isEqualTo(List.of((double) i, 1.0, 1.0));
        }
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
    void aPartialBatchRunsWhenTheDelayHasPassed() throws Throwable {
        var model = start("late", """
                task: text-embedding
                batch_size: 32
                max_batch_delay: 50ms
                action:
                  text: ${input.text}
                """);
        List<Future<Object>> calls = List.of(model.call(Map.of("text", "a")), model.call(Map.of("text", "b c")));
        List<Object> results = all(calls);
        assertThat(results).containsExactly(List.of(1.0, 1.0, 1.0), List.of(3.0, 2.0, 1.0));
        assertThat(RecordingTestDriver.record("late").batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
    }

    @Test
    void callsWithDifferentSettingsNeverShareABatch() throws Throwable {
        var model = start("settings", """
                task: text-embedding
                batch_size: 2
                max_batch_delay: 10s
                action:
                  text: ${input.text}
                  params: { pooling: "${input.pooling}", normalize: true }
                """);
        List<Future<Object>> calls = List.of(
                model.call(Map.of("text", "a", "pooling", "mean")),
                model.call(Map.of("text", "b", "pooling", "cls")),
                model.call(Map.of("text", "c", "pooling", "cls")),
                model.call(Map.of("text", "d", "pooling", "mean")));
        all(calls);
        var record = RecordingTestDriver.record("settings");
        assertThat(record.batches).containsExactly(2, 2);
        assertThat(record.requests).extracting(r -> ((EmbeddingRequest) r).texts())
                .containsExactlyInAnyOrder(List.of("b", "c"), List.of("a", "d"));
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
                max_batch_delay: 10s
                action:
                  text: ${input.text}
                """);
        List<Object> results = all(List.of(model.call(Map.of("text", "ab")), model.call(Map.of("text", "abc")),
                model.call(Map.of("text", "abcd"))));
        assertThat(RecordingTestDriver.record("classes").batches).containsExactly(3);
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
        var model = start("failing", """
                task: text-embedding
                batch_size: 2
                max_batch_delay: 10s
                action:
                  text: ${input.text}
                """);
        Future<Object> first = model.call(Map.of("text", "a"));
        Future<Object> second = model.call(Map.of("text", "fail!"));
        await(Future.join(first, second).otherwiseEmpty());
        assertThat(first.cause()).hasMessage("cannot embed 'fail!'");
        assertThat(second.cause()).hasMessage("cannot embed 'fail!'");
    }
}
