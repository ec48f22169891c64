package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.graph.JobGraph;
import dev.modelcompose.engine.model.OnErrorSpec;
import dev.modelcompose.engine.model.RetrySpec;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a workflow: the scheduler. Every job whose requirements are met starts at once; its completion wakes its
 * dependents. All state here is touched on one Vert.x context only (component futures are brought back to it), so
 * there are no locks.
 */
final class WorkflowRun {
    private static final byte IDLE = 0;
    private static final byte PENDING = 1;
    private static final byte RUNNING = 2;
    private static final byte DONE = 3;

    private final ComposeRuntime runtime;
    private final CompiledWorkflow workflow;
    private final JobGraph graph;
    private final CompiledJob[] jobs;
    private final Context context;
    private final Object input;
    private final RunOptions options;
    private final Cancellation cancellation = new Cancellation();
    private final Promise<Object> result = Promise.promise();
    private final JobsView jobsView;
    private final RunScope scope;
    private final byte[] status;
    private final Object[] outputs;
    private final int[] runCounts;
    private final JobListener listener;
    private final long[] startedAt;
    private int[] candidates;
    private int candidateHead;
    private int candidateTail;
    private int running;
    private int pending;
    private boolean pumping;
    private boolean finished;
    private long workflowTimer = -1;
    private TimeBoundStream timedOutput;

    WorkflowRun(ComposeRuntime runtime, CompiledWorkflow workflow, Context context, Object input,
                RunOptions options) {
        this.runtime = runtime;
        this.workflow = workflow;
        this.graph = workflow.graph();
        this.jobs = workflow.jobs();
        this.context = context;
        this.input = input;
        this.options = options;
        int count = jobs.length;
        this.jobsView = new JobsView(graph);
        Map<String, Object> contextSource = new LinkedHashMap<>();
        contextSource.put("task_id", options.taskId());
        contextSource.put("metadata", options.metadata());
        this.scope = new RunScope(input, jobsView, java.util.Collections.unmodifiableMap(contextSource),
                runtime.environment());
        this.status = new byte[count];
        this.outputs = new Object[count];
        this.runCounts = new int[count];
        this.listener = options.listener();
        this.startedAt = listener == null ? null : new long[count];
        this.candidates = new int[Math.max(4, count * 2)];
    }

    Future<Object> future() {
        return result.future();
    }

    Scope scope() {
        return scope;
    }

    Object input() {
        return input;
    }

    RunOptions options() {
        return options;
    }

    RuntimeServices services() {
        return runtime;
    }

    Vertx vertx() {
        return runtime.vertx();
    }

    /** Starts the run; called on the run's context. */
    void start() {
        options.cancellation().onCancel(() -> execute(() -> fail(failure("run cancelled", null, null))));
        options.cancellation().onCancel(() -> cancellation.cancel("run cancelled"));
        if (finished) {
            return;
        }
        if (workflow.spec().timeout() != null) {
            String message = "workflow '" + workflow.spec().id() + "' timed out after "
                    + Durations.format(workflow.spec().timeout());
            long millis = Math.max(1, workflow.spec().timeout().toMillis());
            workflowTimer = vertx().setTimer(millis, id -> execute(() -> timedOut(message)));
        }
        for (int i = 0; i < jobs.length; i++) {
            if (graph.isEntry(i)) {
                status[i] = PENDING;
                pending++;
                offer(i);
            }
        }
        pump();
    }

    // ---- scheduling ------------------------------------------------------------------------------------------

    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!finished && candidateHead != candidateTail) {
                int job = candidates[candidateHead];
                candidateHead = (candidateHead + 1) % candidates.length;
                if (status[job] == PENDING && ready(job)) {
                    startJob(job);
                }
            }
        } finally {
            pumping = false;
        }
        if (!finished && running == 0) {
            if (pending == 0) {
                finish();
            } else {
                stuck();
            }
        }
    }

    private void offer(int job) {
        candidates[candidateTail] = job;
        candidateTail = (candidateTail + 1) % candidates.length;
        if (candidateTail == candidateHead) {
            int[] larger = new int[candidates.length * 2];
            int size = candidates.length;
            for (int i = 0; i < size; i++) {
                larger[i] = candidates[(candidateHead + i) % size];
            }
            candidates = larger;
            candidateHead = 0;
            candidateTail = size;
        }
    }

    private boolean ready(int job) {
        for (int[] group : graph.requirements(job)) {
            boolean met = false;
            for (int needed : group) {
                if (status[needed] == DONE) {
                    met = true;
                    break;
                }
            }
            if (!met) {
                return false;
            }
        }
        return true;
    }

    private void startJob(int index) {
        CompiledJob job = jobs[index];
        if (runCounts[index] >= job.spec.maxRunCount()) {
            fail(failure(job.maxRunCountMessage, job.id, null));
            return;
        }
        runCounts[index]++;
        status[index] = RUNNING;
        pending--;
        running++;
        if (listener != null) {
            startedAt[index] = System.nanoTime();
            tell(index, JobListener.Kind.STARTED, null);
        }
        attempt(job, 1);
    }

    private void jobDone(int index, Object output, Route route) {
        running--;
        status[index] = DONE;
        outputs[index] = output;
        jobsView.completed(index, output);
        if (listener != null) {
            tell(index, JobListener.Kind.COMPLETED, null);
            if (route != null) {
                tell(index, JobListener.Kind.ROUTED, jobs[route.target].id);
            }
        }
        for (int dependent : graph.dependents(index)) {
            offer(dependent);
        }
        if (route != null) {
            routeTo(route.target);
        }
        pump();
    }

    private void routeTo(int target) {
        if (status[target] == IDLE) {
            status[target] = PENDING;
            pending++;
            offer(target);
        } else if (status[target] == DONE) {
            rewind(target);
        }
    }

    /** Makes a completed job (and its completed dependents) run again: how routing loops work. */
    private void rewind(int index) {
        status[index] = PENDING;
        pending++;
        outputs[index] = null;
        jobsView.forget(index);
        offer(index);
        for (int dependent : graph.dependents(index)) {
            if (status[dependent] == DONE) {
                rewind(dependent);
            }
        }
    }

    // ---- one job: attempts, timeout, retry, on_error ---------------------------------------------------------

    private void attempt(CompiledJob job, int number) {
        Cancellation token = job.executor.waits() || job.timeoutMillis > 0 ? cancellation.child() : cancellation;
        JobAttempt attempt = new JobAttempt(this, job, token);
        Future<Object> body;
        try {
            body = job.executor.execute(attempt);
        } catch (RuntimeException error) {
            body = Future.failedFuture(error);
        }
        if (job.timeoutMillis > 0 && (!body.isComplete() || body.succeeded() && body.result() instanceof ChunkStream)) {
            body = withTimeout(body, attempt);
        }
        await(body, outcome -> attemptDone(attempt, number, outcome));
    }

    private Future<Object> withTimeout(Future<Object> body, JobAttempt attempt) {
        Promise<Object> bounded = Promise.promise();
        boolean[] timedOut = {false};
        TimeBoundStream[] stream = {null};
        String message = attempt.job.timeoutMessage;
        long timer = vertx().setTimer(attempt.job.timeoutMillis, id -> execute(() -> {
            if (stream[0] != null) {
                // the job gave a stream that is still flowing: the timeout covers it too
                attempt.cancellation.cancel(message);
                stream[0].expire(new JobTimeoutException(message));
                return;
            }
            if (bounded.future().isComplete()) {
                return;
            }
            timedOut[0] = true;
            attempt.cancellation.cancel(message);
            bounded.tryFail(new JobTimeoutException(message));
        }));
        await(body, outcome -> {
            if (!timedOut[0]) {
                if (outcome.succeeded() && outcome.result() instanceof ChunkStream flowing) {
                    stream[0] = new TimeBoundStream(flowing, () -> execute(() -> vertx().cancelTimer(timer)));
                    bounded.tryComplete(stream[0].output());
                    return;
                }
                vertx().cancelTimer(timer);
                if (outcome.succeeded()) {
                    bounded.tryComplete(outcome.result());
                } else {
                    bounded.tryFail(outcome.cause());
                }
            }
        });
        return bounded.future();
    }

    private void attemptDone(JobAttempt attempt, int number, AsyncResult<Object> outcome) {
        if (finished) {
            return;
        }
        CompiledJob job = attempt.job;
        if (outcome.failed()) {
            attemptFailed(attempt, number, outcome.cause());
            return;
        }
        Object raw = outcome.result();
        if (raw instanceof Route route) {
            jobDone(job.index, null, route);
            return;
        }
        Object output = raw;
        if (job.output != null) {
            try {
                output = job.output.render(scope.with(Sources.OUTPUT, raw));
            } catch (RuntimeException error) {
                attemptFailed(attempt, number, error);
                return;
            }
        }
        jobDone(job.index, output, null);
    }

    private void attemptFailed(JobAttempt attempt, int number, Throwable cause) {
        CompiledJob job = attempt.job;
        if (attempt.cancellation != cancellation) {
            attempt.cancellation.cancel(job.failurePrefix + CompiledJob.messageOf(cause));
        }
        if (options.cancellation().isCancelled()) {
            fail(failure("run cancelled", null, null));
            return;
        }
        RetrySpec retry = job.spec.retry();
        if (retry != null && number < retry.maxAttemptCount()) {
            long wait = retry.delayAfter(number).toMillis();
            if (wait <= 0) {
                attempt(job, number + 1);
            } else {
                vertx().setTimer(wait, id -> execute(() -> {
                    if (!finished) {
                        attempt(job, number + 1);
                    }
                }));
            }
            return;
        }
        onError(job, cause);
    }

    private void onError(CompiledJob job, Throwable cause) {
        OnErrorSpec onError = job.spec.onError();
        if (onError == null) {
            if (listener != null) {
                tell(job.index, JobListener.Kind.FAILED, CompiledJob.messageOf(cause));
            }
            fail(failure(job.describeFailure(cause), job.id, cause));
            return;
        }
        if (job.onErrorRoute != null) {
            jobDone(job.index, null, job.onErrorRoute);
            return;
        }
        Object output = null;
        if (onError.output() != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", CompiledJob.messageOf(cause));
            try {
                output = onError.output().render(scope.with(Sources.ERROR, error));
            } catch (RuntimeException renderError) {
                fail(failure(job.failurePrefix + "on_error output: " + CompiledJob.messageOf(renderError), job.id,
                        renderError));
                return;
            }
        }
        jobDone(job.index, output, null);
    }

    // ---- the end of the run ----------------------------------------------------------------------------------

    private void finish() {
        finished = true;
        if (listener != null) {
            for (int i = 0; i < status.length; i++) {
                if (status[i] == IDLE) {
                    tell(i, JobListener.Kind.SKIPPED, null);
                }
            }
        }
        Object value;
        try {
            if (workflow.spec().output() != null) {
                value = workflow.spec().output().render(scope);
            } else {
                value = WorkflowResult.fromTerminals(graph, outputs, doneFlags());
            }
        } catch (RuntimeException error) {
            fail(failure("workflow '" + workflow.spec().id() + "' output: " + CompiledJob.messageOf(error), null,
                    error));
            return;
        }
        WorkflowResult.settle(value).onComplete(settled -> execute(() -> {
            if (settled.succeeded() && settled.result() instanceof ChunkStream stream && workflowTimer >= 0
                    && !result.future().isComplete()) {
                // the timeout also bounds a streamed output: the run goes on until the stream ends
                timedOutput = new TimeBoundStream(stream, () -> execute(this::cancelWorkflowTimer));
                result.tryComplete(timedOutput.output());
                return;
            }
            cancelWorkflowTimer();
            if (settled.succeeded()) {
                result.tryComplete(settled.result());
            } else {
                fail(failure(CompiledJob.messageOf(settled.cause()), null, settled.cause()));
            }
        }));
    }

    private boolean[] doneFlags() {
        boolean[] done = new boolean[status.length];
        for (int i = 0; i < status.length; i++) {
            done[i] = status[i] == DONE;
        }
        return done;
    }

    private void stuck() {
        List<String> waiting = new ArrayList<>();
        String first = null;
        for (int i = 0; i < jobs.length; i++) {
            if (status[i] != PENDING) {
                continue;
            }
            first = first == null ? jobs[i].id : first;
            List<String> groups = new ArrayList<>();
            for (int[] group : graph.requirements(i)) {
                boolean met = false;
                boolean neverRouted = true;
                List<String> names = new ArrayList<>();
                for (int needed : group) {
                    met |= status[needed] == DONE;
                    neverRouted &= status[needed] == IDLE && !graph.isEntry(needed);
                    names.add(jobs[needed].id);
                }
                if (!met) {
                    groups.add(String.join(" or ", names) + (neverRouted ? " (never routed to)" : ""));
                }
            }
            waiting.add(jobs[i].id + " waits for " + String.join(" and ", groups));
        }
        fail(failure("no job can run but jobs are still pending: " + String.join("; ", waiting), first, null));
    }

    private void tell(int index, JobListener.Kind kind, String detail) {
        long elapsed = kind == JobListener.Kind.STARTED || kind == JobListener.Kind.SKIPPED ? 0
                : (System.nanoTime() - startedAt[index]) / 1_000_000;
        try {
            listener.onJob(new JobListener.JobEvent(jobs[index].id, kind, elapsed, detail));
        } catch (RuntimeException ignored) {
            // a listener's failure must not change the run
        }
    }

    private WorkflowFailure failure(String message, String jobId, Throwable cause) {
        return new WorkflowFailure(message, workflow.spec().id(), jobId, cause);
    }

    private void timedOut(String message) {
        workflowTimer = -1;
        if (timedOutput == null) {
            fail(failure(message, null, null));
            return;
        }
        WorkflowFailure failure = failure(message, null, null);
        cancellation.cancel(message);
        timedOutput.expire(failure);
    }

    private void cancelWorkflowTimer() {
        if (workflowTimer >= 0) {
            vertx().cancelTimer(workflowTimer);
            workflowTimer = -1;
        }
    }

    private void fail(WorkflowFailure failure) {
        if (result.future().isComplete()) {
            return;
        }
        finished = true;
        cancelWorkflowTimer();
        cancellation.cancel(failure.getMessage());
        result.tryFail(failure);
    }

    // ---- the run's context -----------------------------------------------------------------------------------

    private boolean onContext() {
        return Vertx.currentContext() == context && Context.isOnEventLoopThread();
    }

    /** Runs {@code task} on the run's context: now when already there, else queued to it. */
    void execute(Runnable task) {
        if (onContext()) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }

    /** Runs {@code handler} on the run's context once {@code future} completes. Call on the run's context. */
    <T> void await(Future<T> future, Handler<AsyncResult<T>> handler) {
        if (future.isComplete()) {
            handler.handle(future);
            return;
        }
        future.onComplete(outcome -> execute(() -> handler.handle(outcome)));
    }
}
