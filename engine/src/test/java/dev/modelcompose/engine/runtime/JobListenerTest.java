package dev.modelcompose.engine.runtime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.modelcompose.engine.runtime.ComposeFixture.ifBody;
import static dev.modelcompose.engine.runtime.ComposeFixture.job;
import static dev.modelcompose.engine.runtime.ComposeFixture.when;
import static org.assertj.core.api.Assertions.assertThat;

/** RunOptions' job listener: started, completed, routed, skipped and failed jobs, in order. */
class JobListenerTest extends RuntimeHarness {

    private static List<String> record(List<JobListener.JobEvent> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.jobId() + " " + e.kind() + (e.detail() == null ? "" : " " + e.detail())));
        return out;
    }

    @Test
    void aRoutedRunTellsEachJobAndTheBranchNotTaken() {
        ComposeFixture fixture = new ComposeFixture().component("echo", "echo").workflow("main",
                job("size").body(ifBody("${input.n as integer}", null, when(null, "gt", 5, "big", "small"))),
                job("big").call("echo", "BIG"),
                job("small").call("echo", "SMALL"));
        List<JobListener.JobEvent> events = new ArrayList<>();
        Object output = await(runtime(fixture).run(null, Map.of("n", 9),
                RunOptions.defaults().withListener(events::add)));
        assertThat(output).isEqualTo("BIG");
        assertThat(record(events)).containsExactly("size STARTED", "size COMPLETED", "size ROUTED big",
                "big STARTED", "big COMPLETED", "small SKIPPED");
        assertThat(events).allMatch(e -> e.elapsedMillis() >= 0);
    }

    @Test
    void aFailedJobIsTold() {
        ComposeFixture fixture = new ComposeFixture().component("boom", "fail").workflow("main",
                job("broken").call("boom", "x"));
        List<JobListener.JobEvent> events = new ArrayList<>();
        failureOf(runtime(fixture).run(null, Map.of(), RunOptions.defaults().withListener(events::add)));
        assertThat(events).hasSize(2);
        assertThat(events.get(0).kind()).isEqualTo(JobListener.Kind.STARTED);
        assertThat(events.get(1).kind()).isEqualTo(JobListener.Kind.FAILED);
        assertThat(events.get(1).jobId()).isEqualTo("broken");
        assertThat(events.get(1).detail()).isNotBlank();
    }
}
