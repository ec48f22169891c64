package dev.modelcompose.cli;

import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.ComponentTypes;
import io.vertx.core.Future;

import java.util.Map;

/**
 * The runtime as {@code compose run} uses it: compile the file, start Vert.x and the components, run one workflow,
 * then stop everything (bounded waits, so {@code run} always ends promptly).
 */
final class WorkflowExecution implements AutoCloseable {

    private WorkflowExecution() {
    }

    /** Compiles the file (graph, templates, components) without starting anything. */
    static void check(ComposeFile file, ComponentTypes types) {
        // the runtime branch provides CompiledCompose.compile(file, types)
    }

    static WorkflowExecution prepare(ComposeFile file, ComponentTypes types) {
        check(file, types);
        return new WorkflowExecution();
    }

    Future<Void> start() {
        return Future.failedFuture(new UnsupportedOperationException("the runtime is not available yet"));
    }

    Future<Object> run(String workflowId, Object input, Map<String, Object> metadata, Cancellation cancellation) {
        return Future.failedFuture(new UnsupportedOperationException("the runtime is not available yet"));
    }

    @Override
    public void close() {
    }
}
