package dev.modelcompose.components.file;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ValueText;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code type: file} component. {@code list} gives the sorted paths of a folder or glob, or of a list of them
 * (relative to the compose file's folder or {@code base_dir} when written relative, else absolute); {@code read} gives a file's text for one
 * path, and a list of texts, in order, for a list of paths. File work runs on the worker pool.
 */
final class FileComponent implements Component {
    private final ComponentSpec spec;
    private final PathGuard guard;
    private final Map<String, FileAction> actions;

    FileComponent(ComponentSpec spec, PathGuard guard, Map<String, FileAction> actions) {
        this.spec = spec;
        this.guard = guard;
        this.actions = actions;
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public Set<String> resultSources() {
        return Set.of(Sources.RESULT);
    }

    @Override
    public Future<Object> call(ActionSpec actionSpec, Object input, CallContext context) {
        FileAction action = actions.get(actionSpec.id());
        if (action == null) {
            return Future.failedFuture(new ComponentCallException("component '" + spec.id() + "' has no action '"
                    + actionSpec.id() + "'"));
        }
        Scope scope = CallScope.of(input, context);
        Object path;
        Object pattern;
        boolean recursive;
        try {
            path = action.path().render(scope);
            pattern = action.pattern() == null ? null : action.pattern().render(scope);
            recursive = ConfigFields.truth(action.recursive().render(scope), "recursive");
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Future<Object> raw = ChunkStream.drainAll(Arrays.asList(path, pattern)).compose(settled -> {
            List<?> parts = (List<?>) settled;
            return context.executeBlocking(() -> action.method() == FileAction.Method.LIST
                    ? list(parts.get(0), parts.get(1), recursive)
                    : read(parts.get(0)));
        });
        return raw.map(result -> action.output().apply(result, scope.with(Sources.RESULT, result)));
    }

    private Object list(Object path, Object pattern, boolean recursive) {
        String glob = pattern == null ? null : pathText(pattern, "pattern");
        if (path instanceof List<?> paths) {
            TreeSet<String> all = new TreeSet<>();
            for (int i = 0; i < paths.size(); i++) {
                all.addAll(FileLister.list(guard, pathText(paths.get(i), "path[" + i + "]"), glob, recursive));
            }
            return new ArrayList<>(all);
        }
        return FileLister.list(guard, path == null ? "." : pathText(path, "path"), glob, recursive);
    }

    private Object read(Object path) {
        if (path instanceof List<?> paths) {
            List<Object> texts = new ArrayList<>(paths.size());
            for (int i = 0; i < paths.size(); i++) {
                texts.add(readOne(pathText(paths.get(i), "path[" + i + "]")));
            }
            return texts;
        }
        if (path == null) {
            throw new ComponentCallException("path is null: method: read needs a path or a list of paths");
        }
        return readOne(pathText(path, "path"));
    }

    private String readOne(String written) {
        Path file = guard.resolve(written);
        String shown = guard.display(file, Path.of(written).isAbsolute());
        guard.checkLinks(file, shown);
        return TextFileReader.read(file, shown);
    }

    private static String pathText(Object value, String field) {
        if (value instanceof String text) {
            return text;
        }
        throw new ComponentCallException(field + " must be a string, got " + ValueText.describe(value));
    }
}
