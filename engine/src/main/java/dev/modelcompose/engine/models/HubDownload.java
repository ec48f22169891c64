package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;

/** Fetches a Hub repository's files into the Hugging Face cache. */
final class HubDownload {
    private final ModelResolver resolver;
    private final HubModelSource source;
    private final DownloadProgress progress;

    HubDownload(ModelResolver resolver, HubModelSource source, DownloadProgress progress) {
        this.resolver = resolver;
        this.source = source;
        this.progress = progress;
    }

    ResolvedModel run() {
        throw new ModelException("Hugging Face downloads are not implemented yet (" + source.describe() + ")");
    }
}
