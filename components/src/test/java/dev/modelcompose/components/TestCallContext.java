package dev.modelcompose.components;

import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.WorkflowInvoker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test-only {@link CallContext} and {@link RuntimeServices} over a real {@link Vertx}, for calling a component
 * directly without the scheduler. Workflows are served by the given invoker (none unless a test passes one).
 */
public final class TestCallContext implements CallContext, RuntimeServices {
    private final Vertx vertx;
    private final Path baseDir;
    private final WorkflowInvoker workflows;
    private final Cancellation cancellation = new Cancellation();

    public TestCallContext(Vertx vertx, Path baseDir, WorkflowInvoker workflows) {
        this.vertx = vertx;
        this.baseDir = baseDir;
        this.workflows = workflows;
    }

    public TestCallContext(Vertx vertx) {
        this(vertx, Path.of("").toAbsolutePath(), null);
    }

    @Override
    public RuntimeServices services() {
        return this;
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Path baseDir() {
        return baseDir;
    }

    @Override
    public WorkflowInvoker workflows() {
        if (workflows == null) {
            throw new IllegalStateException("this test gave no workflow invoker");
        }
        return workflows;
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public String taskId() {
        return "task-1";
    }

    @Override
    public String runId() {
        return "run-1";
    }

    @Override
    public Map<String, Object> contextSource() {
        return Map.of("task_id", taskId(), "run_id", runId());
    }

    /** Waits for a future (at most 20 s), rethrowing its failure as is. */
    public static <T> T await(Future<T> future) throws Throwable {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        }
    }
}
