package dev.modelcompose.cli;

import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.ComponentTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The runtime as {@code compose run} uses it: Vert.x and the compiled file, started once, one workflow run, then
 * everything stopped with bounded waits, so {@code run} always ends promptly.
 */
final class WorkflowExecution implements AutoCloseable {
    private static final long STOP_SECONDS = 10;

    private final Vertx vertx;
    private final ComposeRuntime runtime;
    private boolean started;

    private WorkflowExecution(Vertx vertx, ComposeRuntime runtime) {
        this.vertx = vertx;
        this.runtime = runtime;
    }

    /** Compiles {@code file} (components, job graphs, templates) and creates Vert.x; starts nothing yet. */
    static WorkflowExecution prepare(ComposeFile file, ComponentTypes types) {
        CompiledCompose compiled = CompiledCompose.compile(file, types);
        // a CLI run needs few threads: one event loop per core at most, a small worker pool
        int cores = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, Math.min(cores, 2)))
                .setWorkerPoolSize(Math.max(4, cores * 2)));
        return new WorkflowExecution(vertx, new ComposeRuntime(vertx, compiled));
    }

    /** Compiles {@code file} for {@code validate}: every load-time check, without Vert.x. */
    static void check(ComposeFile file, ComponentTypes types) {
        CompiledCompose.compile(file, types);
    }

    ComposeRuntime runtime() {
        return runtime;
    }

    Vertx vertx() {
        return vertx;
    }

    /** Starts every component ({@code compose up}). */
    Future<Void> start() {
        started = true;
        return runtime.start();
    }

    /** Starts the components {@code workflowId} calls (managed servers included); the others stay stopped. */
    Future<Void> start(String workflowId) {
        started = true;
        return runtime.startFor(workflowId);
    }

    Future<Object> run(String workflowId, Object input, Map<String, Object> metadata, Cancellation cancellation) {
        return runtime.run(workflowId, input, new RunOptions(null, metadata, cancellation));
    }

    @Override
    public void close() {
        try {
            if (started) {
                runtime.stop().toCompletionStage().toCompletableFuture().get(STOP_SECONDS, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // stopping is best effort: the JVM exits right after
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(STOP_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // same
            }
        }
    }
}
