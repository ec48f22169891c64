package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.value.ChunkStream;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.modelcompose.engine.runtime.ComposeFixture.filterBody;
import static dev.modelcompose.engine.runtime.ComposeFixture.ifBody;
import static dev.modelcompose.engine.runtime.ComposeFixture.job;
import static dev.modelcompose.engine.runtime.ComposeFixture.switchBody;
import static dev.modelcompose.engine.runtime.ComposeFixture.when;
import static org.assertj.core.api.Assertions.assertThat;

/** if, switch, random-router, routing loops and filter, with the test component types. */
class RoutingAndFilterWithTestComponentsTest extends RuntimeHarness {

    private ComposeFixture components() {
        return new ComposeFixture()
                .component("echo", "echo")
                .component("items", "stream");
    }

    private ComposeFixture bigOrSmall(Object output) {
        return components().workflow("main", output, null,
                job("size").body(ifBody("${input.n as integer}", null, when(null, "gt", 5, "big", "small"))),
                job("big").call("echo", "BIG"),
                job("small").call("echo", "SMALL"));
    }

    @Test
    void ifRoutesToIfTrueOrIfFalse() {
        // W10
        assertThat(run(bigOrSmall(null), Map.of("n", "9"))).isEqualTo("BIG");
        Map<String, Object> expected = new HashMap<>();
        expected.put("big", null);
        expected.put("small", "SMALL");
        assertThat(run(bigOrSmall(Map.of("big", "${jobs.big.output}", "small", "${jobs.small.output}")),
                Map.of("n", 2))).isEqualTo(expected);
        assertThat(probe.calls("echo")).isEqualTo(2);
    }

    @Test
    void aFailingConditionWithIfFalseRoutesAtOnce() {
        // W11
        ComposeFixture fixture = components().workflow("main",
                job("check").body(ifBody("${input.v}", "oth",
                        when(null, "eq", 1, null, "no1"),
                        when(null, "eq", 2, "yes2", null))),
                job("no1").call("echo", "NO1"),
                job("yes2").call("echo", "YES2"),
                job("oth").call("echo", "OTH"));
        assertThat(run(fixture, Map.of("v", 2))).isEqualTo("NO1");
    }

    @Test
    void ifFallsThroughToOtherwiseOrNowhere() {
        ComposeFixture fixture = components().workflow("main",
                job("check").body(ifBody("${input.v}", "oth", when(null, "eq", 1, "one", null))),
                job("one").call("echo", "ONE"),
                job("oth").call("echo", "OTH"));
        assertThat(run(fixture, Map.of("v", 3))).isEqualTo("OTH");
        ComposeFixture nowhere = components().workflow("main",
                job("check").body(ifBody("${input.v}", null, when(null, "eq", 1, "one", null))),
                job("one").call("echo", "ONE"));
        assertThat(run(nowhere, Map.of("v", 3))).isNull();
    }

    @Test
    void aConditionMayReadItsOwnInput() {
        ComposeFixture fixture = components().workflow("main",
                job("check").body(ifBody(null, null, when("${input.name}", "starts-with", "Ad", "yes", "no"))),
                job("yes").call("echo", "YES"),
                job("no").call("echo", "NO"));
        assertThat(run(fixture, Map.of("name", "Ada"))).isEqualTo("YES");
    }

    @Test
    void switchWithoutInputComparesTheWholeWorkflowInput() {
        // W12
        ComposeFixture fixture = components().workflow("main",
                job("pick").body(switchBody(null, "b", "x", "a")),
                job("a").call("echo", "A"),
                job("b").call("echo", "B"));
        assertThat(run(fixture, "x")).isEqualTo("A");
        assertThat(run(fixture, "y")).isEqualTo("B");
    }

    @Test
    void switchPicksTheFirstEqualCase() {
        // W13
        ComposeFixture fixture = components().workflow("main",
                job("pick").body(switchBody("${input.kind}", "other", "a", "ja", "b", "jb")),
                job("ja").call("echo", "A"),
                job("jb").call("echo", "B"),
                job("other").call("echo", "O"));
        assertThat(run(fixture, Map.of("kind", "b"))).isEqualTo("B");
    }

    @Test
    void aWeightedRandomRouterNeverPicksAZeroWeight() {
        ComposeFixture fixture = components().workflow("main",
                job("pick").body(new JobBody.RandomRouter(true,
                        List.of(new JobBody.Routing("never", 0), new JobBody.Routing("always", 2)))),
                job("never").call("echo", "NEVER"),
                job("always").call("echo", "ALWAYS"));
        for (int i = 0; i < 5; i++) {
            assertThat(run(fixture, Map.of())).isEqualTo("ALWAYS");
        }
    }

    @Test
    void aRoutingLoopRewindsUntilMaxRunCount() {
        // W15: check routes back to work, which rewinds work and check
        ComposeFixture fixture = components().workflow("main",
                job("loop").body(ifBody(1, null, when(null, "eq", 1, "work", null))),
                job("work").call("echo", "W").maxRunCount(3),
                job("check").body(ifBody(1, null, when(null, "eq", 1, "work", null))).dependsOn("work"));
        Throwable failure = failure(fixture, Map.of());
        assertThat(failure).isInstanceOf(WorkflowFailure.class)
                .hasMessage("job 'work' has reached its max_run_count (3)");
        assertThat(((WorkflowFailure) failure).jobId()).isEqualTo("work");
        assertThat(probe.calls("echo")).isEqualTo(3);
    }

    @Test
    void aRoutingLoopEndsWhenTheRouterStopsRouting() {
        // the loop body's output feeds the check: routed again while the count is below 2
        ComposeFixture fixture = new ComposeFixture()
                .component("fail", "fail", Map.of("succeed_after", 2))
                .workflow("main",
                        job("start").body(ifBody(1, null, when(null, "eq", 1, "work", null))),
                        job("work").call("fail", "done").onErrorOutput("again"),
                        job("check").body(ifBody("${jobs.work.output}", null,
                                when(null, "eq", "again", "work", null))).dependsOn("work"),
                        job("after").call("fail", "${jobs.work.output}").dependsOn("check"));
        assertThat(run(fixture, Map.of())).isEqualTo("done");
        assertThat(probe.calls("fail")).isEqualTo(4);
    }

    @Test
    void filterKeepsTheItemsWhereThePredicateHolds() {
        // W28, W29
        ComposeFixture fixture = components().workflow("main",
                job("f").body(filterBody("${input.xs}",
                        Map.of("input", "${item as number}", "operator", "gte", "value", 3), false)));
        assertThat(run(fixture, Map.of("xs", List.of(1, 2, 3, 4, 5)))).isEqualTo(List.of(3, 4, 5));
        ComposeFixture byIndex = components().workflow("main",
                job("f").body(filterBody("${input.xs}",
                        Map.of("input", "${index as number}", "operator", "gte", "value", 2), false)));
        assertThat(run(byIndex, Map.of("xs", List.of("a", "b", "c", "d", "e")))).isEqualTo(List.of("c", "d", "e"));
    }

    @Test
    void filterOnOneValueGivesItOrNull() {
        // W30 differs on purpose: model-compose raises IndexError when the value is not kept
        ComposeFixture keep = components().workflow("main",
                job("f").body(filterBody("${input.v}", Map.of("input", "${item}", "value", "hello"), false)));
        assertThat(run(keep, Map.of("v", "hello"))).isEqualTo("hello");
        assertThat(run(keep, Map.of("v", "other"))).isNull();
    }

    @Test
    void filterWithStreamingGivesALazyStream() {
        // W31
        ComposeFixture fixture = components().workflow("main",
                job("f").body(filterBody("${input.xs}",
                        Map.of("input", "${item}", "operator", "gte", "value", 3), true)));
        Object output = run(fixture, Map.of("xs", List.of(1, 2, 3, 4)));
        assertThat(output).isInstanceOf(ChunkStream.class);
        assertThat(await(((ChunkStream) output).collect())).containsExactly(3, 4);
    }

    @Test
    void filterOverAnUpstreamStream() {
        // W32 in spirit
        ComposeFixture fixture = components().workflow("main",
                job("produce").call("items", "${input.xs}"),
                job("f").body(filterBody("${jobs.produce.output}",
                        Map.of("input", "${item}", "operator", "gte", "value", 3), false)));
        Object output = run(fixture, Map.of("xs", List.of(1, 2, 3, 4, 5)));
        assertThat(await(((ChunkStream) output).collect())).containsExactly(3, 4, 5);
    }

    @Test
    void filterOutputTemplateSeesTheKeptItems() {
        // W33
        ComposeFixture fixture = components().workflow("main",
                job("f").body(filterBody("${input.xs}", Map.of("input", "${item}", "operator", "gt", "value", 2),
                        false)).output(Map.of("kept", "${output}", "n", "${output[0]}")));
        assertThat(run(fixture, Map.of("xs", List.of(1, 2, 3, 4)))).isEqualTo(Map.of("kept", List.of(3, 4), "n", 3));
    }

    @Test
    void aChainOfFilterJobs() {
        ComposeFixture fixture = components();
        ComposeFixture.Job[] jobs = new ComposeFixture.Job[100];
        jobs[0] = job("f0").body(filterBody("${input.xs}", Map.of("input", "${item}", "operator", "gte",
                "value", 0), false));
        for (int i = 1; i < jobs.length; i++) {
            jobs[i] = job("f" + i).body(filterBody("${jobs.f" + (i - 1) + ".output}",
                    Map.of("input", "${item}", "operator", "gte", "value", i), false));
        }
        fixture.workflow("main", jobs);
        List<Integer> xs = java.util.stream.IntStream.range(0, 120).boxed().toList();
        assertThat(run(fixture, Map.of("xs", xs))).isEqualTo(xs.subList(99, 120));
    }
}
