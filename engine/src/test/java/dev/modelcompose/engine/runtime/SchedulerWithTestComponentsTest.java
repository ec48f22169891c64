package dev.modelcompose.engine.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.modelcompose.engine.runtime.ComposeFixture.delayBody;
import static dev.modelcompose.engine.runtime.ComposeFixture.job;
import static org.assertj.core.api.Assertions.assertThat;

/** Job scheduling, implicit edges, OR groups and the output rules, with the test component types. */
class SchedulerWithTestComponentsTest extends RuntimeHarness {

    private ComposeFixture components() {
        return new ComposeFixture()
                .component("echo", "echo")
                .component("slow", "echo", Map.of("delay_ms", 150));
    }

    @Test
    void readingAnotherJobsOutputWaitsForIt() {
        // W1 differs on purpose: model-compose runs b at once and reads null ("got=")
        ComposeFixture fixture = components().workflow("main", "${jobs.b.output}", null,
                job("a").call("slow", "A"),
                job("b").call("echo", "got=${jobs.a.output}"));
        assertThat(run(fixture, Map.of())).isEqualTo("got=A");
    }

    @Test
    void dependsOnWaits() {
        // W2
        ComposeFixture fixture = components().workflow("main", "${jobs.b.output}", null,
                job("a").call("slow", "A"),
                job("b").call("echo", "got=${jobs.a.output}").dependsOn("a"));
        assertThat(run(fixture, Map.of())).isEqualTo("got=A");
    }

    @Test
    void anOrGroupStartsWithTheFirstJobDoneAndDoesNotWaitForTheOthers() {
        // W4: c reads both, but names them in an OR group, so it does not wait for slowj
        ComposeFixture fixture = components().workflow("main", "${jobs.c.output}", null,
                job("fast").call("echo", "F"),
                job("slowj").call("slow", "S"),
                job("c").call("echo", "c:${jobs.fast.output}:${jobs.slowj.output}")
                        .dependsOn(List.of("fast", "slowj")));
        assertThat(run(fixture, Map.of())).isEqualTo("c:F:");
    }

    @Test
    void aComponentJobWithoutInputGetsTheWholeWorkflowInput() {
        // W5
        ComposeFixture fixture = components().workflow("main", job("job").call("echo", null));
        assertThat(run(fixture, Map.of("label", "FROMWF"))).isEqualTo(Map.of("label", "FROMWF"));
    }

    @Test
    void independentJobsAreInFlightAtTheSameTime() {
        ComposeFixture fixture = new ComposeFixture()
                .component("one", "echo", Map.of("delay_ms", 200))
                .component("two", "echo", Map.of("delay_ms", 200))
                .workflow("main", job("a").call("one", "A"), job("b").call("two", "B"));
        run(fixture, Map.of());
        assertThat(probe.maxInFlight()).isEqualTo(2);
    }

    @Test
    void oneTerminalJobGivesItsOutput() {
        ComposeFixture fixture = components().workflow("main",
                job("a").call("echo", "A"),
                job("b").call("echo", "B:${jobs.a.output}"));
        assertThat(run(fixture, Map.of())).isEqualTo("B:A");
    }

    @Test
    void terminalMapOutputsMergeInDeclarationOrderWhateverFinishesFirst() {
        // W6; the first-declared job finishes last, and the later-declared value wins a shared key
        ComposeFixture fixture = components().workflow("main",
                job("a").call("slow", "A").output(Map.of("a", "${output}", "shared", "from a")),
                job("b").call("echo", "B").output(Map.of("b", "${output}", "shared", "from b")));
        assertThat(run(fixture, Map.of())).isEqualTo(Map.of("a", "A", "b", "B", "shared", "from b"));
    }

    @Test
    void aNullTerminalOutputIsSkipped() {
        // W7 differs on purpose: model-compose returns null when the delay finishes last
        ComposeFixture fixture = components().workflow("main",
                job("a").call("echo", "A").output(Map.of("a", "${output}")),
                job("wait").body(delayBody(java.time.Duration.ofMillis(100))));
        assertThat(run(fixture, Map.of())).isEqualTo(Map.of("a", "A"));
    }

    @Test
    void terminalOutputsThatAreNotAllMapsAreKeyedByJobId() {
        ComposeFixture fixture = components().workflow("main",
                job("a").call("slow", "A"),
                job("b").call("echo", Map.of("x", 1)),
                job("c").body(delayBody(java.time.Duration.ZERO)));
        Object output = run(fixture, Map.of());
        assertThat(output).isEqualTo(Map.of("a", "A", "b", Map.of("x", 1)));
        assertThat(((Map<?, ?>) output).keySet().toString()).isEqualTo("[a, b]");
    }

    @Test
    void theWorkflowOutputTemplateIsRenderedAfterAllJobs() {
        ComposeFixture fixture = components().workflow("main",
                Map.of("first", "${jobs.a.output}", "second", "${jobs.b.output}", "n", "${input.n}"), null,
                job("a").call("slow", "A"),
                job("b").call("echo", "B"));
        assertThat(run(fixture, Map.of("n", 3))).isEqualTo(Map.of("first", "A", "second", "B", "n", 3));
    }

    @Test
    void theJobOutputTemplateSeesTheResult() {
        // W35 in spirit
        ComposeFixture fixture = components().workflow("main",
                job("a").call("echo", "5").output(Map.of("n", "${output as integer}", "s", "${output}",
                        "t", "x${output}")));
        assertThat(run(fixture, Map.of())).isEqualTo(Map.of("n", 5, "s", "5", "t", "x5"));
    }

    @Test
    void repeatCountRunsConcurrentlyAndGivesAListInOrder() {
        // W9: a numeric string renders to the count
        ComposeFixture fixture = new ComposeFixture()
                .component("slow", "echo", Map.of("delay_ms", 100))
                .workflow("main", job("r").repeat("slow", "R", "${input.n}"));
        assertThat(run(fixture, Map.of("n", "3"))).isEqualTo(List.of("R", "R", "R"));
        assertThat(probe.maxInFlight("slow")).isEqualTo(3);
        assertThat(probe.runIds()).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void repeatCountOneGivesAScalar() {
        ComposeFixture fixture = components().workflow("main", job("r").repeat("echo", "R", 1));
        assertThat(run(fixture, Map.of())).isEqualTo("R");
    }

    @Test
    void repeatCountBelowOneFailsTheJob() {
        ComposeFixture fixture = components().workflow("main", job("r").repeat("echo", "R", "${input.n}"));
        assertThat(failure(fixture, Map.of("n", 0)))
                .isInstanceOf(WorkflowFailure.class)
                .hasMessage("job 'r' failed: repeat_count must be an integer >= 1, got 0");
    }

    @Test
    void aDelayJobWaitsAndItsOutputTemplateApplies() {
        // W34
        ComposeFixture fixture = components().workflow("main",
                job("d").body(delayBody(java.time.Duration.ofMillis(50))).output(Map.of("done", true)));
        assertThat(run(fixture, Map.of())).isEqualTo(Map.of("done", true));
    }

    @Test
    void aDelayUntilATimeThatHasPassedEndsAtOnce() {
        ComposeFixture fixture = components().workflow("main",
                job("d").body(new dev.modelcompose.engine.model.JobBody.Delay(null, "2000-01-01T00:00", "UTC"))
                        .output("done"));
        assertThat(run(fixture, Map.of())).isEqualTo("done");
    }

    @Test
    void aDelayUntilAnUnreadableTimeFails() {
        ComposeFixture fixture = components().workflow("main",
                job("d").body(new dev.modelcompose.engine.model.JobBody.Delay(null, "noon", null)));
        assertThat(failure(fixture, Map.of())).hasMessage("job 'd' failed: delay job 'd': time 'noon' is not an "
                + "ISO time (HH:MM[:SS]) or date-time (YYYY-MM-DDTHH:MM[:SS])");
    }

    @Test
    void theContextSourceHasTheTaskIdAndMetadata() {
        ComposeFixture fixture = components().workflow("main",
                job("a").call("echo", Map.of("task", "${context.task_id}", "who", "${context.metadata.who}")));
        Object output = await(runtime(fixture).run("main", Map.of(),
                new RunOptions("T1", Map.of("who", "me"), null)));
        assertThat(output).isEqualTo(Map.of("task", "T1", "who", "me"));
    }

    @Test
    void anUnknownWorkflowIsAClearErrorListingTheWorkflows() {
        ComposeFixture fixture = components()
                .workflow("main", job("a").call("echo", "A"))
                .workflow("other", job("a").call("echo", "A"));
        assertThat(failureOf(runtime(fixture).run("mian", null, RunOptions.defaults())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown workflow 'mian'; workflows: main, other");
        assertThat(failureOf(runtime(fixture).run(null, null, RunOptions.defaults())))
                .hasMessage("no workflow named and none is the default (mark one default: true); "
                        + "workflows: main, other");
    }

    @Test
    void aJobWaitingForARoutingTargetThatNeverRunsFailsTheRunNamingIt() {
        // W14
        ComposeFixture fixture = components().workflow("main",
                job("a").call("echo", "A"),
                job("loop").body(ComposeFixture.switchBody("x", null, "y", "a")).dependsOn("a"));
        assertThat(failure(fixture, Map.of()))
                .isInstanceOf(WorkflowFailure.class)
                .hasMessage("no job can run but jobs are still pending: loop waits for a (never routed to)");
    }
}
