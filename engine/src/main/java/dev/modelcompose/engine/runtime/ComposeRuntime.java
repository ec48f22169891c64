package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.WorkflowInvoker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the workflows of a {@link CompiledCompose} on Vert.x.
 *
 * <pre>{@code
 * ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(file, ComponentTypes.discover()));
 * runtime.start()
 *        .compose(v -> runtime.run("main", Map.of("name", "Ada"), RunOptions.defaults()))
 *        .onComplete(...);
 * }</pre>
 *
 * <p>A run's future completes with the workflow output (a top-level {@link dev.modelcompose.engine.value.ChunkStream}
 * is handed over unread; streams nested in maps and lists are drained first), or fails with a
 * {@link WorkflowFailure}. Each run is scheduled on one Vert.x event-loop context.
 */
public final class ComposeRuntime implements RuntimeServices, WorkflowInvoker {
    private final Vertx vertx;
    private final CompiledCompose compiled;

    public ComposeRuntime(Vertx vertx, CompiledCompose compiled) {
        this.vertx = vertx;
        this.compiled = compiled;
    }

    public CompiledCompose compiled() {
        return compiled;
    }

    /** Starts every component (servers, models); fails with the first component that cannot start. */
    public Future<Void> start() {
        List<Future<Void>> starts = new ArrayList<>();
        for (Component component : compiled.components().values()) {
            starts.add(guarded(() -> component.start(this)));
        }
        return Future.all(starts).mapEmpty();
    }

    /**
     * Starts only the components workflow {@code workflowId} calls ({@code compose run}: a managed server that the
     * workflow never calls is not started). Falls back to {@link #start()} when the set cannot be told from the file:
     * the workflow calls a component of type {@code workflow} (a sub-workflow may call anything).
     */
    public Future<Void> startFor(String workflowId) {
        Optional<Set<String>> reached = componentsCalledBy(workflowId);
        if (reached.isEmpty()) {
            return start();
        }
        List<Future<Void>> starts = new ArrayList<>();
        compiled.components().forEach((id, component) -> {
            if (reached.get().contains(id)) {
                starts.add(guarded(() -> component.start(this)));
            }
        });
        return Future.all(starts).mapEmpty();
    }

    private Optional<Set<String>> componentsCalledBy(String workflowId) {
        Optional<CompiledWorkflow> workflow = workflowId == null ? Optional.empty() : compiled.workflow(workflowId);
        if (workflow.isEmpty()) {
            return Optional.empty();
        }
        Set<String> ids = new HashSet<>();
        for (JobSpec job : workflow.get().spec().jobs()) {
            if (job.body() instanceof JobBody.ComponentCall call) {
                ids.add(call.component());
            } else if (job.body() instanceof JobBody.ForEach forEach) {
                ids.add(forEach.component());
            }
        }
        for (String id : ids) {
            Component component = compiled.components().get(id);
            if (component == null || component.spec().type().equals("workflow")) {
                return Optional.empty();
            }
        }
        return Optional.of(ids);
    }

    /** Stops every component; waits for all of them, then fails if any failed. */
    public Future<Void> stop() {
        List<Future<Void>> stops = new ArrayList<>();
        for (Component component : compiled.components().values()) {
            stops.add(guarded(component::stop));
        }
        return Future.join(stops).mapEmpty();
    }

    /**
     * Runs workflow {@code workflowId} (null or {@code __default__}: the default one) once.
     *
     * @return the workflow output; fails with {@link WorkflowFailure} when a job fails, the workflow times out or
     *         the run is cancelled, and with {@link IllegalArgumentException} for an unknown workflow id
     */
    public Future<Object> run(String workflowId, Object input, RunOptions options) {
        CompiledWorkflow workflow;
        try {
            workflow = compiled.require(workflowId);
        } catch (IllegalArgumentException error) {
            return Future.failedFuture(error);
        }
        RunOptions effective = options == null ? RunOptions.defaults() : options;
        Context current = Vertx.currentContext();
        boolean onEventLoop = current != null && current.owner() == vertx && Context.isOnEventLoopThread();
        Context context = onEventLoop ? current : vertx.getOrCreateContext();
        WorkflowRun run = new WorkflowRun(this, workflow, context, input, effective);
        if (onEventLoop) {
            run.start();
        } else {
            context.runOnContext(ignored -> run.start());
        }
        return run.future();
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Path baseDir() {
        return compiled.file().baseDir();
    }

    @Override
    public Map<String, String> environment() {
        return compiled.file().environment();
    }

    @Override
    public WorkflowInvoker workflows() {
        return this;
    }

    @Override
    public boolean exists(String workflowId) {
        return compiled.workflow(workflowId).isPresent();
    }

    /** A sub-workflow run: same task id, same metadata, cancelled with the calling job. */
    @Override
    public Future<Object> run(String workflowId, Object input, CallContext parent) {
        Map<String, Object> metadata = parent instanceof JobCallContext call ? call.metadata() : metadataOf(parent);
        return run(workflowId, input, new RunOptions(parent.taskId(), metadata, parent.cancellation()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadataOf(CallContext parent) {
        Object metadata = parent.contextSource() == null ? null : parent.contextSource().get("metadata");
        return metadata instanceof Map ? (Map<String, Object>) metadata : Map.of();
    }

    private static Future<Void> guarded(java.util.function.Supplier<Future<Void>> action) {
        try {
            Future<Void> result = action.get();
            return result == null ? Future.succeededFuture() : result;
        } catch (RuntimeException error) {
            return Future.failedFuture(error);
        }
    }
}
