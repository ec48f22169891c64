package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.spi.Cancellation;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.modelcompose.engine.runtime.ComposeFixture.job;
import static org.assertj.core.api.Assertions.assertThat;

/** retry, timeout, on_error, workflow timeout and cancellation, with the test component types. */
class FailureHandlingWithTestComponentsTest extends RuntimeHarness {

    private ComposeFixture components() {
        return new ComposeFixture()
                .component("echo", "echo")
                .component("slow", "echo", Map.of("delay_ms", 2000))
                .component("fail", "fail", Map.of("message", "no such file: /no/such/bin"));
    }

    @Test
    void aFailingJobFailsTheRunNamingTheJob() {
        // W16
        ComposeFixture fixture = components().workflow("main", job("fetch").call("fail", "x"));
        Throwable failure = failure(fixture, Map.of());
        assertThat(failure).isInstanceOf(WorkflowFailure.class)
                .hasMessage("job 'fetch' failed: no such file: /no/such/bin");
        assertThat(((WorkflowFailure) failure).jobId()).isEqualTo("fetch");
        assertThat(((WorkflowFailure) failure).workflowId()).isEqualTo("main");
    }

    @Test
    void aFailureCancelsTheOtherRunningJobs() {
        ComposeFixture fixture = components().workflow("main",
                job("long").call("slow", "x"),
                job("fetch").call("fail", "x"));
        assertThat(failure(fixture, Map.of())).hasMessage("job 'fetch' failed: no such file: /no/such/bin");
        assertThat(probe.cancellations()).containsExactly("slow: job 'fetch' failed: no such file: /no/such/bin");
    }

    @Test
    void retryRunsTheJobUpToMaxAttemptCountTimes() {
        // W17
        ComposeFixture fixture = components().workflow("main",
                job("fetch").call("fail", "x").retry(3, Duration.ZERO, false, null));
        assertThat(failure(fixture, Map.of())).hasMessage("job 'fetch' failed: no such file: /no/such/bin");
        assertThat(probe.calls("fail")).isEqualTo(3);
    }

    @Test
    void aRetryThatSucceedsGivesTheOutput() {
        ComposeFixture fixture = new ComposeFixture()
                .component("flaky", "fail", Map.of("succeed_after", 2))
                .workflow("main", job("fetch").call("flaky", "ok").retry(5, Duration.ofMillis(10), true, null));
        assertThat(run(fixture, Map.of())).isEqualTo("ok");
        assertThat(probe.calls("flaky")).isEqualTo(3);
    }

    @Test
    void exponentialBackoffDoublesTheDelayUpToMaxDelay() {
        // the delays themselves come from RetrySpec.delayAfter, which the scheduler waits on a timer
        var retry = new dev.modelcompose.engine.model.RetrySpec(5, Duration.ofMillis(100), true,
                Duration.ofMillis(300));
        assertThat(List.of(retry.delayAfter(1), retry.delayAfter(2), retry.delayAfter(3), retry.delayAfter(4)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                        Duration.ofMillis(300));
        ComposeFixture fixture = components().workflow("main",
                job("fetch").call("fail", "x").retry(3, Duration.ofMillis(5), true, Duration.ofMillis(20)));
        assertThat(failure(fixture, Map.of())).hasMessage("job 'fetch' failed: no such file: /no/such/bin");
        assertThat(probe.calls("fail")).isEqualTo(3);
    }

    @Test
    void onErrorIgnoreGivesNull() {
        // W18
        ComposeFixture fixture = components().workflow("main",
                job("p").call("fail", "x").retry(2, Duration.ZERO, false, null).onErrorIgnore());
        assertThat(run(fixture, Map.of())).isNull();
        assertThat(probe.calls("fail")).isEqualTo(2);
    }

    @Test
    void onErrorOutputIsRenderedWithTheErrorMessage() {
        // W19
        ComposeFixture fixture = components().workflow("main",
                job("p").call("fail", "x").onErrorOutput(Map.of("status", "failed", "message", "${error.message}")));
        assertThat(run(fixture, Map.of()))
                .isEqualTo(Map.of("status", "failed", "message", "no such file: /no/such/bin"));
    }

    @Test
    void onErrorToRoutesAndTheFailedJobsDependentsRunWithNull() {
        // W20: r and d both run; two non-map terminal outputs give an object keyed by job id
        ComposeFixture fixture = components().workflow("main",
                job("p").call("fail", "x").onErrorTo("r"),
                job("r").call("echo", "RECOVER"),
                job("d").call("echo", "d:${jobs.p.output}").dependsOn("p"));
        assertThat(run(fixture, Map.of())).isEqualTo(Map.of("r", "RECOVER", "d", "d:"));
    }

    @Test
    void aJobTimeoutFailsWithAnExactMessageAndFiresTheJobsCancellation() {
        ComposeFixture fixture = components().workflow("main",
                job("x").call("slow", "x").timeout(Duration.ofMillis(100)));
        Throwable failure = failure(fixture, Map.of());
        assertThat(failure).isInstanceOf(WorkflowFailure.class).hasMessage("job 'x' timed out after 100ms");
        assertThat(((WorkflowFailure) failure).jobId()).isEqualTo("x");
        assertThat(probe.cancellations()).containsExactly("slow: job 'x' timed out after 100ms");
    }

    @Test
    void aTimedOutJobIsRetriedAndOnErrorSeesTheTimeout() {
        // W21 in spirit
        ComposeFixture fixture = components().workflow("main",
                job("x").call("slow", "x").timeout(Duration.ofMillis(50))
                        .retry(2, Duration.ofMillis(10), false, null)
                        .onErrorOutput("${error.message}"));
        assertThat(run(fixture, Map.of())).isEqualTo("job 'x' timed out after 50ms");
        assertThat(probe.calls("slow")).isEqualTo(2);
        assertThat(probe.cancellations()).hasSize(2);
    }

    @Test
    void aWorkflowTimeoutFailsTheRunAndCancelsRunningJobs() {
        ComposeFixture fixture = components().workflow("main", null, Duration.ofMillis(100),
                job("x").call("slow", "x"));
        Throwable failure = failure(fixture, Map.of());
        assertThat(failure).isInstanceOf(WorkflowFailure.class).hasMessage("workflow 'main' timed out after 100ms");
        assertThat(((WorkflowFailure) failure).jobId()).isNull();
        assertThat(probe.cancellations()).containsExactly("slow: workflow 'main' timed out after 100ms");
    }

    @Test
    void cancellingARunStopsItsJobsAndFailsIt() throws Exception {
        ComposeFixture fixture = components().workflow("main",
                job("x").call("slow", "x"),
                job("y").call("slow", "y"));
        Cancellation cancellation = new Cancellation();
        Future<Object> running = runtime(fixture).run("main", Map.of(),
                RunOptions.defaults().withCancellation(cancellation));
        while (probe.calls("slow") < 2) {
            Thread.sleep(5);
        }
        cancellation.cancel("stop");
        assertThat(failureOf(running)).isInstanceOf(WorkflowFailure.class).hasMessage("run cancelled");
        assertThat(probe.cancellations()).containsExactlyInAnyOrder("slow: run cancelled", "slow: run cancelled");
    }

    @Test
    void aRunCancelledBeforeItStartsRunsNothing() {
        ComposeFixture fixture = components().workflow("main", job("x").call("echo", "x"));
        Cancellation cancellation = new Cancellation();
        cancellation.cancel("early");
        assertThat(failureOf(runtime(fixture).run("main", Map.of(),
                RunOptions.defaults().withCancellation(cancellation)))).hasMessage("run cancelled");
        assertThat(probe.calls("echo")).isZero();
    }
}
