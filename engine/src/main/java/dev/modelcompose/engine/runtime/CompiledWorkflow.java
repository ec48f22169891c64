package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.graph.JobGraph;
import dev.modelcompose.engine.model.WorkflowSpec;

/** A workflow ready to run: its graph and its compiled jobs, shared by every run. */
public final class CompiledWorkflow {
    private final WorkflowSpec spec;
    private final JobGraph graph;
    private final CompiledJob[] jobs;

    CompiledWorkflow(WorkflowSpec spec, JobGraph graph, CompiledJob[] jobs) {
        this.spec = spec;
        this.graph = graph;
        this.jobs = jobs;
    }

    public WorkflowSpec spec() {
        return spec;
    }

    public JobGraph graph() {
        return graph;
    }

    CompiledJob[] jobs() {
        return jobs;
    }
}
