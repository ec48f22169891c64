package dev.modelcompose.engine.runtime;

import io.vertx.core.Future;

/**
 * The body of one job type, compiled once per job. Called on the run's context; returns the job's raw output (before
 * the job {@code output} template), or a {@link Route} for routers (null: no route).
 */
interface JobExecutor {
    Future<Object> execute(JobAttempt attempt);

    /** True when the body waits for something (a component, a timer): it then gets a cancellation of its own. */
    default boolean waits() {
        return false;
    }
}
