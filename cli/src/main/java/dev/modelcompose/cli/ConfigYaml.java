package dev.modelcompose.cli;

import dev.modelcompose.engine.load.YamlWriter;
import dev.modelcompose.engine.model.ComposeFile;

/** The YAML text {@code compose config} prints for a loaded file. */
final class ConfigYaml {
    private ConfigYaml() {
    }

    static String write(ComposeFile file) {
        return YamlWriter.write(file.document());
    }
}
