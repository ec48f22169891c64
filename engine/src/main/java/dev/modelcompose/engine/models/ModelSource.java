package dev.modelcompose.engine.models;

import dev.modelcompose.engine.load.ConfigNode;

import java.nio.file.Path;

/**
 * Where a model comes from, as a compose file writes it ({@code model:}): a local path, a Hugging Face Hub repository,
 * or a model bundled with the distribution ({@code builtin:all-minilm-l6-v2}).
 */
public sealed interface ModelSource permits LocalModelSource, HubModelSource, BuiltinModelSource {

    /**
     * Reads a {@code model:} value: a string ({@code builtin:NAME}; a path when it starts with {@code /}, {@code ./},
     * {@code ../} or {@code ~/} or names an existing file; else {@code org/name[@revision]}) or a mapping
     * ({@code {provider: local|huggingface|builtin, path, format, repository, revision, filename, allow_patterns,
     * cache_dir, local_files_only, token}}; without {@code provider}, {@code path} means local and {@code repository}
     * the Hub). Relative paths resolve against {@code baseDir}.
     *
     * @throws dev.modelcompose.engine.load.ComposeException at the node, for a malformed value
     */
    static ModelSource read(ConfigNode node, Path baseDir) {
        return ModelSourceReader.read(node, baseDir);
    }

    /** How messages name it: {@code builtin:all-minilm-l6-v2}, {@code org/name@main}, {@code ./models/x}. */
    String describe();
}
