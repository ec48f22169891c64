package dev.modelcompose.engine.spi.vector;

import dev.modelcompose.engine.spi.RuntimeServices;
import io.vertx.core.Future;

/**
 * A vector store backend ({@code driver: lucene}, {@code pgvector}, {@code qdrant}, {@code chroma}). Registered in
 * {@code META-INF/services/dev.modelcompose.engine.spi.vector.VectorStoreDriver}; the {@code vector-store} component
 * finds it by {@link #name()}. A driver depends on the engine's SPI only.
 */
public interface VectorStoreDriver {

    /** The {@code driver:} value. */
    String name();

    /**
     * Opens (connects to, or creates on disk) the store a component declares. Does not block the calling thread. An
     * unreachable server is retried with backoff by the driver's calls, not here: opening a remote store only checks
     * its settings.
     */
    Future<VectorStore> open(VectorStoreSettings settings, RuntimeServices services);
}
