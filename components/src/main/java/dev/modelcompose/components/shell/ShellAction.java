package dev.modelcompose.components.shell;

import dev.modelcompose.components.ActionOutput;
import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.components.DurationSetting;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.model.ActionSpec;

import java.util.List;

/**
 * A compiled shell action: {@code command}, {@code working_dir}, {@code env}, {@code timeout}, {@code streaming},
 * {@code output}.
 *
 * @param timeout resolves to null when neither the action nor the component sets one
 */
record ShellAction(CommandLine command, Template workingDir, Template env, DurationSetting timeout, Template streaming,
                   ActionOutput output) {

    static ShellAction compile(ActionSpec action, DurationSetting componentTimeout) {
        ConfigMap config = action.config();
        ConfigNode batch = ConfigFields.node(config, "batch_size");
        if (batch != null) {
            throw ComposeException.at(batch, "batch_size is not supported by shell actions",
                    "run the command once per item with a for-each job and its batch_size");
        }
        CommandLine command = CommandLine.compile(ConfigFields.node(config, "command"), config, CallScope.REQUEST);
        Template workingDir = null;
        ConfigNode dir = ConfigFields.node(config, "working_dir");
        if (dir != null) {
            if (!(dir instanceof ConfigScalar scalar && scalar.isString())) {
                throw ComposeException.at(dir, "expected a path (a string), got " + dir.describe());
            }
            workingDir = Template.compile(dir, CallScope.REQUEST);
        }
        Template env = environment(config);
        DurationSetting timeout = DurationSetting.read(config, "timeout", CallScope.REQUEST, componentTimeout);
        Template streaming = ConfigFields.flag(config, "streaming", CallScope.REQUEST);
        String result = Sources.RESULT;
        Template output = ConfigFields.template(config, "output", ActionOutput.sources(result, Sources.chunkOf(result)));
        return new ShellAction(command, workingDir, env, timeout, streaming,
                new ActionOutput(output, result, List.of(Sources.chunkOf(result))));
    }

    /** An {@code env} mapping (of a component or an action) compiled as a template; null when absent. */
    static Template environment(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "env");
        if (node == null) {
            return null;
        }
        if (!(node instanceof ConfigMap)) {
            throw ComposeException.at(node, "expected a mapping of variable names to values, got " + node.describe(),
                    "for example env: {GREETING: hello}");
        }
        return Template.compile(node, CallScope.REQUEST);
    }
}
