package dev.modelcompose.components.shell;

import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A {@code type: shell} component: runs a command per call, never through a shell. */
final class ShellComponent implements Component {
    private final ComponentSpec spec;
    private final Path baseDir;
    private final Template env;
    private final Map<String, ShellAction> actions;

    ShellComponent(ComponentSpec spec, Path baseDir, Template env, Map<String, ShellAction> actions) {
        this.spec = spec;
        this.baseDir = baseDir;
        this.env = env;
        this.actions = actions;
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public Set<String> resultSources() {
        return Set.of(Sources.RESULT, Sources.chunkOf(Sources.RESULT));
    }

    @Override
    public Future<Object> call(ActionSpec actionSpec, Object input, CallContext context) {
        ShellAction action = actions.get(actionSpec.id());
        if (action == null) {
            return Future.failedFuture(new ComponentCallException("component '" + spec.id() + "' has no action '"
                    + actionSpec.id() + "'"));
        }
        Scope scope = CallScope.of(input, context);
        Future<ShellCommand> command;
        boolean streaming;
        try {
            command = command(action, scope);
            streaming = ConfigFields.truth(action.streaming().render(scope), "streaming");
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Context home = context.vertx().getOrCreateContext();
        Future<Object> raw = command.compose(ready -> streaming
                ? new StreamingShellRun(ready, context, home).start()
                : new ShellRun(ready, context, home).start());
        return raw.map(result -> action.output().apply(result, scope.with(Sources.RESULT, result)));
    }

    /** Renders the command; streams in the arguments or the environment are collected first. */
    private Future<ShellCommand> command(ShellAction action, Scope scope) {
        List<Object> argv = action.command().render(scope);
        Object componentEnv = env == null ? null : env.render(scope);
        Object actionEnv = action.env() == null ? null : action.env().render(scope);
        Path dir = baseDir;
        if (action.workingDir() != null) {
            dir = baseDir.resolve(ValueText.of(action.workingDir().render(scope))).normalize();
        }
        Path workingDir = dir;
        Duration timeout = action.timeout().resolve(scope);
        return ChunkStream.drainAll(Arrays.asList(argv, componentEnv, actionEnv)).map(settled -> {
            List<?> parts = (List<?>) settled;
            Map<String, String> variables = new LinkedHashMap<>();
            addVariables(variables, parts.get(1));
            addVariables(variables, parts.get(2));
            return new ShellCommand(CommandLine.text((List<?>) parts.get(0)), workingDir, variables, timeout);
        });
    }

    private static void addVariables(Map<String, String> variables, Object rendered) {
        if (rendered == null) {
            return;
        }
        if (!(rendered instanceof Map<?, ?> map)) {
            throw new ComponentCallException("env must render to a mapping, got " + ValueText.describe(rendered));
        }
        map.forEach((name, value) -> variables.put(String.valueOf(name), value == null ? null : ValueText.of(value)));
    }
}
