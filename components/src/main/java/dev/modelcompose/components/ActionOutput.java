package dev.modelcompose.components;

import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.value.ChunkStream;

import java.util.List;
import java.util.Set;

/**
 * An action's {@code output} template applied to its raw result. Absent or a pass-through ({@code ${result}})
 * returns the raw result; over a stream, a template that reads a chunk source ({@code ${result[]}}) is rendered once
 * per chunk; otherwise it is rendered once.
 *
 * @param template the compiled {@code output}, or null when absent
 * @param primary  the source that holds the whole raw result ({@code result}, {@code output})
 * @param chunks   the per-chunk sources bound to each chunk of a stream ({@code result[]}, {@code response[]})
 */
public record ActionOutput(Template template, String primary, List<String> chunks) {

    /** The sources an {@code output} may read, given the raw-result sources. */
    public static Set<String> sources(String... resultSources) {
        return CallScope.requestAnd(resultSources);
    }

    /** Applies the template; {@code scope} already binds the raw-result sources. */
    public Object apply(Object raw, Scope scope) {
        if (template == null || template.isPassThrough(primary)) {
            return raw;
        }
        if (raw instanceof ChunkStream stream && readsChunks()) {
            return stream.map(chunk -> {
                Scope chunkScope = scope;
                for (String source : chunks) {
                    chunkScope = chunkScope.with(source, chunk);
                }
                return template.render(chunkScope);
            });
        }
        return template.render(scope);
    }

    private boolean readsChunks() {
        return chunks.stream().anyMatch(template.sources()::contains);
    }
}
