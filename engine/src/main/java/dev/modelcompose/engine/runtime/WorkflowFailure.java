package dev.modelcompose.engine.runtime;

/**
 * A workflow run that failed: a job failed (after its retries and {@code on_error}), the workflow timed out, or the
 * run was cancelled. The message is meant for users as is, e.g. {@code job 'fetch' failed: connection refused}.
 */
public class WorkflowFailure extends RuntimeException {
    private final String workflowId;
    private final String jobId;

    public WorkflowFailure(String message, String workflowId, String jobId, Throwable cause) {
        super(message, cause, false, false);
        this.workflowId = workflowId;
        this.jobId = jobId;
    }

    /** The workflow that failed. */
    public String workflowId() {
        return workflowId;
    }

    /** The job whose failure failed the run; null when the run failed as a whole (timeout, cancellation). */
    public String jobId() {
        return jobId;
    }
}
