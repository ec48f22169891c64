package dev.modelcompose.engine.spi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.Callable;

/** One call of a component action inside a workflow run. */
public interface CallContext {

    RuntimeServices services();

    default Vertx vertx() {
        return services().vertx();
    }

    /** Fires when the run is cancelled or the job times out: stop processes, abort requests. */
    Cancellation cancellation();

    /** The task (run of a top-level workflow) this call belongs to. */
    String taskId();

    /** This call's own id (a ULID), distinct for every repeat and for-each item. */
    String runId();

    /** The {@code context} binding source: task_id, run_id, and metadata given with the run. */
    Map<String, Object> contextSource();

    /** Runs blocking work on the engine's bounded worker pool, never on the event loop. */
    default <T> Future<T> executeBlocking(Callable<T> work) {
        return vertx().executeBlocking(work, false);
    }
}
