package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Cancellation;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/** One attempt at running a job's body: the run it belongs to and the cancellation that stops it. */
final class JobAttempt {
    final WorkflowRun run;
    final CompiledJob job;
    final Cancellation cancellation;

    JobAttempt(WorkflowRun run, CompiledJob job, Cancellation cancellation) {
        this.run = run;
        this.job = job;
        this.cancellation = cancellation;
    }

    Scope scope() {
        return run.scope();
    }

    Object workflowInput() {
        return run.input();
    }

    Vertx vertx() {
        return run.vertx();
    }

    /** A context for one component call, with its own run id. */
    CallContext newCallContext() {
        return new JobCallContext(run, cancellation);
    }

    /** Runs {@code handler} on the run's context once {@code future} completes. */
    <T> void await(Future<T> future, Handler<AsyncResult<T>> handler) {
        run.await(future, handler);
    }
}
