package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.spi.Cancellation;

import java.util.Map;

/**
 * How one workflow run is started.
 *
 * @param taskId       the task id (a new ULID when null); sub-workflow runs share their parent's
 * @param metadata     given with the run, readable as {@code ${context.metadata...}}; empty when null
 * @param cancellation fire it to stop the run: running jobs are cancelled and the run fails with "run cancelled"
 * @param listener     told when jobs start, complete, fail, are routed or skipped (on the run's context); null: none,
 *                     at no cost
 */
public record RunOptions(String taskId, Map<String, Object> metadata, Cancellation cancellation,
                         JobListener listener) {

    public RunOptions {
        taskId = taskId == null ? Ulid.next() : taskId;
        metadata = metadata == null ? Map.of() : metadata;
        cancellation = cancellation == null ? new Cancellation() : cancellation;
    }

    /** Options without a job listener. */
    public RunOptions(String taskId, Map<String, Object> metadata, Cancellation cancellation) {
        this(taskId, metadata, cancellation, null);
    }

    /** A new task id, no metadata, a fresh cancellation. */
    public static RunOptions defaults() {
        return new RunOptions(null, null, null);
    }

    public RunOptions withTaskId(String id) {
        return new RunOptions(id, metadata, cancellation, listener);
    }

    public RunOptions withMetadata(Map<String, Object> values) {
        return new RunOptions(taskId, values, cancellation, listener);
    }

    public RunOptions withCancellation(Cancellation token) {
        return new RunOptions(taskId, metadata, token, listener);
    }

    public RunOptions withListener(JobListener jobListener) {
        return new RunOptions(taskId, metadata, cancellation, jobListener);
    }
}
