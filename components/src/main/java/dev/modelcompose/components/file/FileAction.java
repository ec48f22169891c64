package dev.modelcompose.components.file;

import dev.modelcompose.components.ActionOutput;
import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.model.ActionSpec;

import java.util.List;

/**
 * A compiled file action. {@code method: list} with {@code path} (a folder or a glob; default the folder itself),
 * {@code pattern} (a glob for file names) and {@code recursive}; {@code method: read} with {@code path} (one path or
 * a list). Both take {@code output}.
 *
 * @param pattern null when absent
 */
record FileAction(Method method, Template path, Template pattern, Template recursive, ActionOutput output) {

    enum Method { LIST, READ }

    static FileAction compile(ActionSpec action) {
        ConfigMap config = action.config();
        ConfigNode methodNode = ConfigFields.node(config, "method");
        if (methodNode == null) {
            throw ComposeException.at(config, "a file action needs a method",
                    "method: list (the files of a folder) or method: read (the text of files)");
        }
        Method method;
        if (methodNode instanceof ConfigScalar scalar && "list".equals(scalar.value())) {
            method = Method.LIST;
        } else if (methodNode instanceof ConfigScalar scalar && "read".equals(scalar.value())) {
            method = Method.READ;
        } else {
            throw ComposeException.at(methodNode, "method must be list or read, got "
                    + ConfigFields.describeValue(methodNode));
        }
        ConfigNode pathNode = ConfigFields.node(config, "path");
        if (pathNode == null && method == Method.READ) {
            throw ComposeException.at(config, "method: read needs a path", "for example path: ${input.path}");
        }
        Template path = pathNode == null ? Template.constant(".") : Template.compile(pathNode, CallScope.REQUEST);
        Template pattern = ConfigFields.template(config, "pattern", CallScope.REQUEST);
        Template recursive = ConfigFields.flag(config, "recursive", CallScope.REQUEST);
        if (method == Method.READ) {
            for (String listOnly : List.of("pattern", "recursive")) {
                ConfigNode node = ConfigFields.node(config, listOnly);
                if (node != null) {
                    throw ComposeException.at(node, listOnly + " is used only by method: list");
                }
            }
        }
        String result = Sources.RESULT;
        Template output = ConfigFields.template(config, "output", ActionOutput.sources(result));
        return new FileAction(method, path, pattern, recursive, new ActionOutput(output, result, List.of()));
    }
}
