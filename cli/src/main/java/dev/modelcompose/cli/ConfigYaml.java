package dev.modelcompose.cli;

import dev.modelcompose.engine.model.ComposeFile;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** The YAML text {@code compose config} prints for a loaded file. */
final class ConfigYaml {
    private ConfigYaml() {
    }

    static String write(ComposeFile file) {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(2).setIndentWithIndicator(true).build();
        return new Dump(settings).dumpToString(file.document().toPlain());
    }
}
