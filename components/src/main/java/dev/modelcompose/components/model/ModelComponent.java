package dev.modelcompose.components.model;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.models.DownloadProgress;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.RuntimeServices;
import io.vertx.core.Future;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/** A {@code type: model} component: one model, loaded once and shared by every run, and its actions. */
final class ModelComponent implements Component {
    private final ComponentSpec spec;
    private final ModelSettings settings;
    private final ModelInstance model;
    private final Map<String, CompiledModelAction> actions;
    private final ModelAction task;
    private final PrintStream console;

    ModelComponent(ComponentSpec spec, ModelSettings settings, ModelInstance model,
                   Map<String, CompiledModelAction> actions, ModelAction task, PrintStream console) {
        this.spec = spec;
        this.settings = settings;
        this.model = model;
        this.actions = actions;
        this.task = task;
        this.console = console;
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public Set<String> resultSources() {
        return Set.of(Sources.RESULT, Sources.chunkOf(Sources.RESULT));
    }

    ModelInstance model() {
        return model;
    }

    /**
     * Opens the worker pool and, with {@code preload}, resolves and loads the model before the first run. A model that
     * cannot load does not stop the others: the error is printed and every call fails with it (trying again).
     */
    @Override
    public Future<Void> start(RuntimeServices services) {
        model.open(services.vertx(), services.environment(), progress());
        if (!settings.preload()) {
            return Future.succeededFuture();
        }
        return model.preload().recover(error -> {
            console.println("compose: " + error.getMessage());
            console.flush();
            return Future.succeededFuture();
        });
    }

    @Override
    public Future<Void> stop() {
        return model.close();
    }

    @Override
    public Future<Object> call(ActionSpec actionSpec, Object input, CallContext context) {
        CompiledModelAction action = actions.get(actionSpec.id());
        if (action == null) {
            return Future.failedFuture(new ComponentCallException("component '" + spec.id() + "' has no action '"
                    + actionSpec.id() + "'"));
        }
        model.open(context.vertx(), context.services().environment(), progress());
        Scope scope = CallScope.of(input, context);
        try {
            return action.render(scope)
                    .compose(values -> task.call(values, context))
                    .map(result -> action.output().apply(result, scope.with(Sources.RESULT, result)));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Downloads show on stderr: a bar on a terminal, a line per 10 % otherwise. */
    private static DownloadProgress progress() {
        return DownloadProgress.console();
    }
}
