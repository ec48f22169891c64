package dev.modelcompose.components.workflow;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import io.vertx.core.Future;

import java.util.Map;
import java.util.Set;

/** A {@code type: workflow} component: each call runs a workflow through {@code context.services().workflows()}. */
final class WorkflowComponent implements Component {
    private final ComponentSpec spec;
    private final Map<String, WorkflowAction> actions;

    WorkflowComponent(ComponentSpec spec, Map<String, WorkflowAction> actions) {
        this.spec = spec;
        this.actions = actions;
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public Set<String> resultSources() {
        return Set.of(Sources.OUTPUT, Sources.chunkOf(Sources.OUTPUT));
    }

    @Override
    public Future<Object> call(ActionSpec actionSpec, Object input, CallContext context) {
        WorkflowAction action = actions.get(actionSpec.id());
        if (action == null) {
            return Future.failedFuture(new ComponentCallException("component '" + spec.id() + "' has no action '"
                    + actionSpec.id() + "'"));
        }
        Scope scope = CallScope.of(input, context);
        Object workflowInput;
        try {
            workflowInput = action.input() == null ? input : action.input().render(scope);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return context.services().workflows().run(action.workflowId(), workflowInput, context)
                .map(output -> action.output().apply(output, scope.with(Sources.OUTPUT, output)));
    }
}
