package dev.modelcompose.components.file;

import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.load.ComposeException;
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
 * {@code type: file}: lists folders and reads UTF-8 text and Markdown files. Component field {@code base_dir} (relative
 * to the compose file's folder): when set, relative paths resolve against it and no path may leave it. Action fields in
 * {@link FileAction}.
 */
public final class FileComponentType implements ComponentType {
    public static final String NAME = "file";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Component create(ComponentSpec spec, ComponentSetup setup) {
        Path composeDir = setup.baseDir() == null ? Path.of("").toAbsolutePath() : setup.baseDir();
        String baseDir = ConfigFields.string(spec.config(), "base_dir", null);
        if (baseDir != null && baseDir.contains("${")) {
            ConfigNode node = ConfigFields.node(spec.config(), "base_dir");
            throw ComposeException.at(node, "base_dir must be a plain path, not a binding",
                    "it is the fence every path must stay in, so it is fixed when the file loads");
        }
        PathGuard guard = baseDir == null ? PathGuard.open(composeDir)
                : PathGuard.fenced(composeDir.resolve(baseDir).normalize(), baseDir);
        Map<String, FileAction> actions = new LinkedHashMap<>();
        for (ActionSpec action : spec.actions()) {
            actions.put(action.id(), FileAction.compile(action));
        }
        return new FileComponent(spec, guard, actions);
    }
}
