package dev.modelcompose.engine.runtime;

/**
 * Told what the jobs of one run do, for progress displays (the web page's live DAG). Called on the run's event-loop
 * context: it must return quickly and never block.
 */
@FunctionalInterface
public interface JobListener {

    void onJob(JobEvent event);

    /**
     * One thing that happened to a job.
     *
     * @param jobId         the job
     * @param kind          what happened
     * @param elapsedMillis since the job started (0 for {@link Kind#STARTED} and {@link Kind#SKIPPED})
     * @param detail        the failure message for {@link Kind#FAILED}, the target job for {@link Kind#ROUTED},
     *                      else null
     */
    record JobEvent(String jobId, Kind kind, long elapsedMillis, String detail) {
    }

    /** What happened to a job. */
    enum Kind {
        STARTED, COMPLETED, FAILED, ROUTED, SKIPPED
    }
}
