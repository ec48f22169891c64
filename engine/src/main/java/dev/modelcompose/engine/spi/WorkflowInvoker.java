package dev.modelcompose.engine.spi;

import io.vertx.core.Future;

/** Runs a workflow of the loaded file as part of a parent run (same task, same cancellation). */
public interface WorkflowInvoker {

    /** True when the file has a workflow {@code id} ({@code __default__} resolves the default). */
    boolean exists(String workflowId);

    Future<Object> run(String workflowId, Object input, CallContext parent);

    /** No workflows: for drivers and components used outside a compose file (tests, benchmarks, tools). */
    WorkflowInvoker NONE = new WorkflowInvoker() {
        @Override
        public boolean exists(String workflowId) {
            return false;
        }

        @Override
        public Future<Object> run(String workflowId, Object input, CallContext parent) {
            return Future.failedFuture("no workflow '" + workflowId + "': not inside a compose file");
        }
    };
}
