package dev.modelcompose.components.shell;

import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A shell action's {@code command}: an argv list whose elements are templates ({@code [echo, "${input.text}"]}), or
 * one binding that renders to such a list ({@code ${input.argv}}). Never run through a shell.
 */
final class CommandLine {
    private static final String EXPECTED = "command must be a list of strings or a binding";
    private static final String HINT = "to run it through a shell, write [sh, -c, \"...\"]";

    private final List<Template> arguments;
    private final Template whole;

    private CommandLine(List<Template> arguments, Template whole) {
        this.arguments = arguments;
        this.whole = whole;
    }

    static CommandLine compile(ConfigNode node, ConfigNode owner, Set<String> sources) {
        if (node == null) {
            throw ComposeException.at(owner, "a shell action needs a command", "for example command: [echo, hello]");
        }
        if (node instanceof ConfigList list) {
            if (list.size() == 0) {
                throw ComposeException.at(node, "command must not be empty");
            }
            List<Template> arguments = new ArrayList<>();
            for (ConfigNode item : list.items()) {
                if (item instanceof ConfigList) {
                    throw ComposeException.at(item, "command items must be strings, got a list",
                            "to run one command per item, call this component from a for-each job");
                }
                if (!(item instanceof ConfigScalar scalar) || scalar.isNull()) {
                    throw ComposeException.at(item, "command items must be strings, got " + item.describe());
                }
                arguments.add(Template.compile(item, sources));
            }
            return new CommandLine(List.copyOf(arguments), null);
        }
        if (node instanceof ConfigScalar scalar && scalar.isString() && ConfigFields.isSingleBinding(scalar, sources)) {
            return new CommandLine(null, Template.compile(node, sources));
        }
        String got = node instanceof ConfigScalar scalar && scalar.isString()
                ? "'" + scalar.value() + "'" : node.describe();
        throw ComposeException.at(node, EXPECTED + ", got " + got, HINT);
    }

    /** The rendered arguments, not yet text (an argument may still be a stream to collect). */
    List<Object> render(Scope scope) {
        if (arguments != null) {
            List<Object> argv = new ArrayList<>();
            for (Template argument : arguments) {
                argv.add(argument.render(scope));
            }
            return argv;
        }
        Object value = whole.render(scope);
        if (!(value instanceof List<?> items) || items.isEmpty()) {
            throw new ComponentCallException("command must render to a non-empty list of strings, got "
                    + ValueText.describe(value));
        }
        return new ArrayList<>(items);
    }

    /** The argv as text, once streams in it were collected. */
    static List<String> text(List<?> rendered) {
        List<String> argv = new ArrayList<>();
        rendered.forEach(item -> argv.add(ValueText.of(item)));
        return argv;
    }
}
