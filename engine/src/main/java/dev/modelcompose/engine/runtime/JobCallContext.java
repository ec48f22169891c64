package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.RuntimeServices;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link CallContext} of one component call; its run id and context map are made on first use. */
final class JobCallContext implements CallContext {
    private final WorkflowRun run;
    private final Cancellation cancellation;
    private String runId;
    private Map<String, Object> contextSource;

    JobCallContext(WorkflowRun run, Cancellation cancellation) {
        this.run = run;
        this.cancellation = cancellation;
    }

    @Override
    public RuntimeServices services() {
        return run.services();
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public String taskId() {
        return run.options().taskId();
    }

    @Override
    public synchronized String runId() {
        if (runId == null) {
            runId = Ulid.next();
        }
        return runId;
    }

    @Override
    public synchronized Map<String, Object> contextSource() {
        if (contextSource == null) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("task_id", taskId());
            values.put("run_id", runId());
            values.put("metadata", run.options().metadata());
            contextSource = java.util.Collections.unmodifiableMap(values);
        }
        return contextSource;
    }

    /** The metadata of the run this call belongs to (handed to sub-workflow runs). */
    Map<String, Object> metadata() {
        return run.options().metadata();
    }
}
