package dev.modelcompose.engine.graph;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.model.WorkflowSpec;
import dev.modelcompose.engine.runtime.ComposeFixture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.modelcompose.engine.runtime.ComposeFixture.job;
import static dev.modelcompose.engine.runtime.ComposeFixture.switchBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobGraphTest {

    private static JobGraph graph(ComposeFixture.Job... jobs) {
        return JobGraph.build(workflow(jobs));
    }

    private static WorkflowSpec workflow(ComposeFixture.Job... jobs) {
        return new ComposeFixture().workflow("main", jobs).file().workflows().get("main");
    }

    @Test
    void dependsOnIsAnAndOfOrGroups() {
        JobGraph graph = graph(job("a"), job("b"), job("c"), job("d").dependsOn("a", List.of("b", "c")));
        assertThat(graph.requirements(3)).isDeepEqualTo(new int[][]{{0}, {1, 2}});
        assertThat(graph.dependents(0)).containsExactly(3);
        assertThat(graph.dependents(2)).containsExactly(3);
        assertThat(graph.terminals()).containsExactly(3);
    }

    @Test
    void everyJobReadIsAnImplicitEdge() {
        JobGraph graph = graph(
                job("a"),
                job("b").call("echo", Map.of("x", "${jobs.a.output}")).output("${output}"),
                job("c").call("echo", "${input.x}").output(Map.of("y", "${jobs.b.output.z}")));
        assertThat(graph.requirements(1)).isDeepEqualTo(new int[][]{{0}});
        assertThat(graph.requirements(2)).isDeepEqualTo(new int[][]{{1}});
        assertThat(graph.terminals()).containsExactly(2);
    }

    @Test
    void aJobNamedInDependsOnGetsNoExtraEdge() {
        JobGraph graph = graph(job("a"), job("b"),
                job("c").call("echo", "${jobs.a.output}${jobs.b.output}").dependsOn(List.of("a", "b")));
        assertThat(graph.requirements(2)).isDeepEqualTo(new int[][]{{0, 1}});
    }

    @Test
    void onErrorOutputReadsAreEdgesToo() {
        JobGraph graph = graph(job("a"), job("b").onErrorOutput("${jobs.a.output}"));
        assertThat(graph.requirements(1)).isDeepEqualTo(new int[][]{{0}});
    }

    @Test
    void routingTargetsAreNotEntryJobsAndRoutersAreNotTerminal() {
        JobGraph graph = graph(
                job("route").body(switchBody("${input.kind}", "c", "a", "x", "b", "y")),
                job("x"), job("y"), job("c"),
                job("p").onErrorTo("c"));
        assertThat(graph.isEntry(0)).isTrue();
        assertThat(graph.isEntry(1)).isFalse();
        assertThat(graph.isEntry(2)).isFalse();
        assertThat(graph.isEntry(3)).isFalse();
        assertThat(graph.isEntry(4)).isTrue();
        assertThat(graph.isRouter(0)).isTrue();
        assertThat(graph.routeTargets(0)).containsExactly(1, 2, 3);
        assertThat(graph.terminals()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void routingEdgesMayFormLoops() {
        JobGraph graph = graph(
                job("work"),
                job("check").body(switchBody("x", null, "x", "work")).dependsOn("work"));
        assertThat(graph.routeTargets(1)).containsExactly(0);
        assertThat(graph.isEntry(0)).isFalse();
    }

    @Test
    void aCycleIsRejectedWithTheCyclePrinted() {
        assertThatThrownBy(() -> graph(
                job("start"),
                job("a").dependsOn("b"),
                job("b").call("echo", "${jobs.c.output}"),
                job("c").dependsOn("start", "a")))
                .isInstanceOf(ComposeException.class)
                .hasMessage("test.yml:3:5: workflows[0].jobs[1]: dependency cycle: a -> b -> c -> a");
    }

    @Test
    void aJobThatDependsOnItselfIsACycle() {
        assertThatThrownBy(() -> graph(job("a").dependsOn("a")))
                .hasMessage("test.yml:2:5: workflows[0].jobs[0]: dependency cycle: a -> a");
    }

    @Test
    void unknownJobsAreErrorsListingTheJobs() {
        assertThatThrownBy(() -> graph(job("a"), job("b").dependsOn("x")))
                .isInstanceOf(ComposeException.class)
                .hasMessage("test.yml:3:5: workflows[0].jobs[1]: job 'b' depends_on names unknown job 'x' "
                        + "(jobs: a, b)");
        assertThatThrownBy(() -> graph(job("a"), job("b").call("echo", "${jobs.nope.output}")))
                .hasMessage("test.yml:3:5: workflows[0].jobs[1]: job 'b' reads ${jobs.nope} but there is "
                        + "no job 'nope' (jobs: a, b)");
        assertThatThrownBy(() -> graph(job("a").onErrorTo("gone")))
                .hasMessage("test.yml:2:5: workflows[0].jobs[0]: job 'a' routes to unknown job 'gone' (jobs: a)");
    }

    @Test
    void aLongChainIsCheckedWithoutRecursion() throws InterruptedException {
        ComposeFixture.Job[] chain = new ComposeFixture.Job[20_000];
        chain[0] = job("j0");
        for (int i = 1; i < chain.length; i++) {
            chain[i] = job("j" + i).dependsOn("j" + (i - 1));
        }
        WorkflowSpec workflow = workflow(chain);
        int[][] terminals = new int[1][];
        // a small stack: a recursive search would overflow it
        Thread small = new Thread(null, () -> terminals[0] = JobGraph.build(workflow).terminals(), "small", 128 * 1024);
        small.start();
        small.join();
        assertThat(terminals[0]).containsExactly(chain.length - 1);
    }

    @Test
    void duplicateJobIdsAreRejected() {
        assertThatThrownBy(() -> graph(job("a"), job("a")))
                .hasMessage("test.yml:3:5: workflows[0].jobs[1]: duplicate job id 'a'");
    }
}
