package dev.modelcompose.components.workflow;

import dev.modelcompose.components.ActionOutput;
import dev.modelcompose.engine.binding.Template;

/**
 * A compiled workflow action.
 *
 * @param input null: pass the job's input on unchanged
 */
record WorkflowAction(String workflowId, Template input, ActionOutput output) {
}
