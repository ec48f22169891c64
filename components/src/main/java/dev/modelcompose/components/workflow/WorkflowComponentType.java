package dev.modelcompose.components.workflow;

import dev.modelcompose.components.ActionOutput;
import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: workflow}: runs another workflow of the same file inside the current task. Action fields
 * {@code workflow} (id, default {@code __default__}), {@code input} (absent: the job's input) and {@code output} over
 * {@code ${output}}.
 */
public final class WorkflowComponentType implements ComponentType {
    public static final String NAME = "workflow";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Component create(ComponentSpec spec, ComponentSetup setup) {
        Map<String, WorkflowAction> actions = new LinkedHashMap<>();
        for (ActionSpec action : spec.actions()) {
            actions.put(action.id(), compile(action.config(), setup.file()));
        }
        return new WorkflowComponent(spec, actions);
    }

    private static WorkflowAction compile(ConfigMap config, ComposeFile file) {
        String workflowId = ConfigFields.string(config, "workflow", JobSpec.DEFAULT_REFERENCE);
        if (file != null && file.workflow(workflowId).isEmpty()) {
            ConfigNode node = ConfigFields.node(config, "workflow");
            throw unknownWorkflow(node == null ? config : node, workflowId, file);
        }
        Template input = ConfigFields.template(config, "input", CallScope.REQUEST);
        Template output = ConfigFields.template(config, "output", ActionOutput.sources(Sources.OUTPUT,
                Sources.chunkOf(Sources.OUTPUT)));
        return new WorkflowAction(workflowId, input,
                new ActionOutput(output, Sources.OUTPUT, List.of(Sources.chunkOf(Sources.OUTPUT))));
    }

    private static ComposeException unknownWorkflow(ConfigNode node, String workflowId, ComposeFile file) {
        List<String> known = List.copyOf(file.workflows().keySet());
        if (workflowId.equals(JobSpec.DEFAULT_REFERENCE)) {
            return ComposeException.at(node, "no default workflow to call: the file has " + known.size()
                    + " workflows and none is marked default: true", "name one with workflow: <id>, one of "
                    + String.join(", ", known));
        }
        String hint = DidYouMean.hint(workflowId, known);
        return ComposeException.at(node, "unknown workflow '" + workflowId + "'",
                hint != null ? hint : known.isEmpty() ? null : "known workflows: " + String.join(", ", known));
    }
}
