package dev.modelcompose.components.shell;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.components.DurationSetting;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code type: shell}: runs a command as an argv list. Component fields {@code base_dir} (relative to the compose
 * file's folder), {@code env}, {@code timeout}; action fields in {@link ShellAction}.
 */
public final class ShellComponentType implements ComponentType {
    public static final String NAME = "shell";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Component create(ComponentSpec spec, ComponentSetup setup) {
        ConfigMap config = spec.config();
        ConfigNode manage = ConfigFields.node(config, "manage");
        if (manage != null) {
            throw ComposeException.at(manage, "manage (install and clean scripts) is not supported by shell components",
                    "run setup commands once outside compose, or as a job of their own");
        }
        Path root = setup.baseDir() == null ? Path.of("").toAbsolutePath() : setup.baseDir();
        Path baseDir = root.resolve(ConfigFields.string(config, "base_dir", ".")).normalize();
        Template env = ShellAction.environment(config);
        DurationSetting timeout = DurationSetting.read(config, "timeout", CallScope.REQUEST, DurationSetting.of(null));
        Map<String, ShellAction> actions = new LinkedHashMap<>();
        for (ActionSpec action : spec.actions()) {
            actions.put(action.id(), ShellAction.compile(action, timeout));
        }
        return new ShellComponent(spec, baseDir, env, actions);
    }
}
