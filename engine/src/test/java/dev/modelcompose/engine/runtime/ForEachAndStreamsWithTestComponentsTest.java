package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.value.ChunkStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.modelcompose.engine.runtime.ComposeFixture.filterBody;
import static dev.modelcompose.engine.runtime.ComposeFixture.forEachBody;
import static dev.modelcompose.engine.runtime.ComposeFixture.job;
import static org.assertj.core.api.Assertions.assertThat;

/** for-each, streams between jobs, max_concurrent_count and sub-workflows, with the test component types. */
class ForEachAndStreamsWithTestComponentsTest extends RuntimeHarness {

    private ComposeFixture components() {
        return new ComposeFixture()
                .component("echo", "echo")
                .component("slow", "echo", Map.of("delay_ms", 60))
                .component("lines", "stream", Map.of("fragmented", true))
                .component("items", "stream")
                .component("open", "open-stream");
    }

    private static final List<Map<String, String>> LABELS =
            List.of(Map.of("label", "a"), Map.of("label", "b"), Map.of("label", "c"));

    @Test
    void forEachCallsPerItemAndKeepsTheOrder() {
        // W22: the first item is the slowest
        ComposeFixture fixture = components().workflow("main",
                job("each").body(forEachBody("${input.items}", 3, "slow", "${item.label}", null)));
        assertThat(run(fixture, Map.of("items", LABELS))).isEqualTo(List.of("a", "b", "c"));
    }

    @Test
    void forEachWithoutDoInputPassesTheItem() {
        // W23
        ComposeFixture fixture = components().workflow("main",
                job("each").body(forEachBody("${input.items}", 1, "echo", null, "${output.label}")));
        assertThat(run(fixture, Map.of("items", LABELS.subList(0, 2)))).isEqualTo(List.of("a", "b"));
    }

    @Test
    void forEachDoOutputIsRenderedPerItem() {
        // W24
        ComposeFixture fixture = components().workflow("main",
                job("each").body(forEachBody("${input.items}", 1, "echo", "${item.label}", "got=${output}")));
        assertThat(run(fixture, Map.of("items", LABELS.subList(0, 2)))).isEqualTo(List.of("got=a", "got=b"));
    }

    @Test
    void forEachOverOneMapGivesTheSingleResultUnwrapped() {
        // W25
        ComposeFixture fixture = components().workflow("main",
                job("each").body(forEachBody("${input.items}", 1, "echo", "${item.label}", null)));
        assertThat(run(fixture, Map.of("items", Map.of("label", "solo")))).isEqualTo("solo");
    }

    @Test
    void forEachOverNullFails() {
        ComposeFixture fixture = components().workflow("main",
                job("each").body(forEachBody("${input.items}", 1, "echo", null, null)));
        assertThat(failure(fixture, Map.of()))
                .hasMessage("job 'each' failed: for-each input is null, expected a list");
    }

    @Test
    void forEachRunsAtMostBatchSizeCallsAtOnce() {
        ComposeFixture fixture = components().workflow("main",
                job("each").body(forEachBody("${input.items}", 2, "slow", "${item}", null)));
        assertThat(run(fixture, Map.of("items", List.of(1, 2, 3, 4, 5)))).isEqualTo(List.of(1, 2, 3, 4, 5));
        assertThat(probe.maxInFlight("slow")).isEqualTo(2);
        assertThat(probe.calls("slow")).isEqualTo(5);
    }

    @Test
    void forEachOverAnUpstreamJobsOutput() {
        // W27 in spirit
        ComposeFixture fixture = components().workflow("main",
                job("produce").call("echo", "${input.items}"),
                job("each").body(forEachBody("${jobs.produce.output}", 1, "echo", "${item.label}", "got=${output}")));
        assertThat(run(fixture, Map.of("items", LABELS))).isEqualTo(List.of("got=a", "got=b", "got=c"));
    }

    @Test
    void forEachOverAStreamGivesAStreamOfResults() {
        ComposeFixture fixture = components().workflow("main",
                job("produce").call("items", "${input.items}"),
                job("each").body(forEachBody("${jobs.produce.output}", 2, "slow", null, "<${output}>")));
        Object output = run(fixture, Map.of("items", List.of("x", "y", "z")));
        assertThat(output).isInstanceOf(ChunkStream.class);
        assertThat(await(((ChunkStream) output).collect())).containsExactly("<x>", "<y>", "<z>");
    }

    @Test
    void forEachWithStreamingOverAListGivesEveryResult() {
        // every item is there before the first call ends: the next one must start when a call ends, not on a chunk
        ComposeFixture fixture = components().workflow("main", job("each").body(new JobBody.ForEach(
                ComposeFixture.template("${input.items}"), 1, true, "slow", JobSpec.DEFAULT_REFERENCE, null, null)));
        Object output = run(fixture, Map.of("items", List.of("x", "y", "z")));
        assertThat(output).isInstanceOf(ChunkStream.class);
        assertThat(await(((ChunkStream) output).collect())).containsExactly("x", "y", "z");
    }

    @Test
    void theWorkflowTimeoutAlsoBoundsAStreamedOutput() {
        // the stream never ends: the run must still end when the workflow's time is up
        ComposeFixture fixture = components().workflow("main", null, Duration.ofMillis(100),
                job("s").call("open", "first"));
        Object output = run(fixture, Map.of());
        assertThat(output).isInstanceOf(ChunkStream.class);
        assertThat(failureOf(((ChunkStream) output).collect()))
                .isInstanceOf(WorkflowFailure.class).hasMessage("workflow 'main' timed out after 100ms");
    }

    @Test
    void aJobTimeoutAlsoBoundsTheStreamTheJobGives() {
        ComposeFixture fixture = components().workflow("main", Map.of("text", "${jobs.s.output}"), null,
                job("s").call("open", "first").timeout(Duration.ofMillis(100)));
        assertThat(failure(fixture, Map.of())).isInstanceOf(WorkflowFailure.class)
                .hasMessage("job 's' timed out after 100ms");
    }

    @Test
    void aStreamedOutputThatEndsInTimeIsNotCutShort() {
        ComposeFixture fixture = components().workflow("main", null, Duration.ofMillis(5000),
                job("s").call("lines", List.of("one\n", "two\n")));
        assertThat(await(((ChunkStream) run(fixture, Map.of())).drain())).isEqualTo("one\ntwo\n");
    }

    @Test
    void aTopLevelStreamIsHandedOverUnread() {
        ComposeFixture fixture = components().workflow("main", job("s").call("lines", List.of("one\n", "two\n")));
        Object output = run(fixture, Map.of());
        assertThat(output).isInstanceOf(ChunkStream.class);
        assertThat(await(((ChunkStream) output).drain())).isEqualTo("one\ntwo\n");
    }

    @Test
    void streamsNestedInTheOutputAreDrained() {
        // W38; the job output template keeps the stream without reading it
        ComposeFixture fixture = components().workflow("main",
                job("s").call("lines", List.of("one\n", "two\n")).output(Map.of("text", "${output}")),
                job("t").call("items", List.of(1, 2)).output(Map.of("items", "${output}")));
        assertThat(run(fixture, Map.of())).isEqualTo(Map.of("text", "one\ntwo\n", "items", List.of(1, 2)));
    }

    @Test
    void aStreamReadByTwoJobsAndTheOutputGivesEachTheWholeStream() {
        // a stream can be read once: before, the second reader failed inside the output drain and the run hung
        ComposeFixture fixture = components().workflow("main",
                Map.of("all", "${jobs.s.output}", "a", "${jobs.a.output}", "b", "${jobs.b.output}"), null,
                job("s").call("lines", List.of("one\n", "two\n")),
                job("a").body(filterBody("${jobs.s.output}", Map.of("input", "${item}", "operator", "starts-with",
                        "value", "o"), false)),
                job("b").body(filterBody("${jobs.s.output}", Map.of("input", "${item}", "operator", "starts-with",
                        "value", "t"), false)));
        assertThat(run(fixture, Map.of())).isEqualTo(Map.of("all", "one\ntwo\n", "a", "one\n", "b", "two\n"));
    }

    @Test
    void aStreamReadTwiceInOneTemplateGivesBothTheWholeStream() {
        ComposeFixture fixture = components().workflow("main",
                List.of("${jobs.s.output}", "${jobs.s.output}"), null,
                job("s").call("items", List.of(1, 2)));
        assertThat(run(fixture, Map.of())).isEqualTo(List.of(List.of(1, 2), List.of(1, 2)));
    }

    @Test
    void aJobThatReturnsAStreamCountsAsDoneBeforeTheStreamEnds() {
        // the stream never ends: b could not start if a waited for it
        ComposeFixture fixture = components().workflow("main", "${jobs.b.output}", null,
                job("a").call("open", "first"),
                job("b").call("echo", "after").dependsOn("a"));
        assertThat(run(fixture, Map.of())).isEqualTo("after");
    }

    @Test
    void maxConcurrentCountQueuesCalls() {
        ComposeFixture fixture = new ComposeFixture()
                .component("limited", "echo", Map.of("delay_ms", 30, "max_concurrent_count", 1))
                .workflow("main",
                        job("each").body(forEachBody("${input.items}", 4, "limited", "${item}", null)),
                        job("other").call("limited", "o"));
        assertThat(run(fixture, Map.of("items", List.of(1, 2, 3, 4))))
                .isEqualTo(Map.of("each", List.of(1, 2, 3, 4), "other", "o"));
        assertThat(probe.calls("limited")).isEqualTo(5);
        assertThat(probe.maxInFlight("limited")).isEqualTo(1);
    }

    @Test
    void aQueuedCallThatTimesOutLeavesTheQueueWithoutRunning() {
        ComposeFixture fixture = new ComposeFixture()
                .component("limited", "echo", Map.of("delay_ms", 300, "max_concurrent_count", 1))
                .workflow("main",
                        job("first").call("limited", "1").onErrorIgnore(),
                        job("second").call("limited", "2").timeout(Duration.ofMillis(50)));
        assertThat(failure(fixture, Map.of())).hasMessage("job 'second' timed out after 50ms");
        assertThat(probe.calls("limited")).isEqualTo(1);
    }

    @Test
    void aSubWorkflowRunsInTheSameTask() {
        // W40
        ComposeFixture fixture = components()
                .component("inner-flow", "subflow", Map.of("workflow", "inner"))
                .workflow("main",
                        job("call").call("inner-flow", Map.of("label", "sub-${input.x}"))
                                .output(Map.of("wrapped", "${output}")))
                .workflow("inner",
                        job("echo").call("echo", Map.of("label", "${input.label}", "task", "${context.task_id}")));
        Object output = await(runtime(fixture).run("main", Map.of("x", "X"), RunOptions.defaults().withTaskId("T")));
        assertThat(output).isEqualTo(Map.of("wrapped", Map.of("label", "sub-X", "task", "T")));
    }
}
