package dev.modelcompose.engine.models;

import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face Hub model repository.
 *
 * @param repository     {@code org/name}
 * @param revision       a branch, tag or commit; null means {@code main}
 * @param filename       one file to fetch (with the repository's config and tokenizer files); null means all files
 *                       the patterns allow
 * @param allowPatterns  glob patterns of the files to fetch; null means the defaults for the model's format
 * @param cacheDir       null means the standard Hugging Face cache ({@code HF_HUB_CACHE}, {@code HF_HOME/hub},
 *                       {@code $XDG_CACHE_HOME/huggingface/hub}, {@code ~/.cache/huggingface/hub})
 * @param localFilesOnly never download; use what the cache has
 * @param token          bearer token for gated or private models; null means {@code HF_TOKEN} from the environment
 * @param format         as for {@link LocalModelSource}
 */
public record HubModelSource(String repository, String revision, String filename, List<String> allowPatterns,
                             Path cacheDir, boolean localFilesOnly, String token, String format)
        implements ModelSource {
    @Override
    public String describe() {
        return repository + "@" + (revision == null ? "main" : revision);
    }
}
