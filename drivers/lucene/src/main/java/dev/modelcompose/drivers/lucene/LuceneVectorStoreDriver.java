package dev.modelcompose.drivers.lucene;

import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreDriver;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Future;

/**
 * {@code driver: lucene}: the embedded vector store. Each collection is a Lucene index (HNSW vectors, metadata
 * fields) in its own folder under {@code path}; every write call commits before it returns.
 */
public final class LuceneVectorStoreDriver implements VectorStoreDriver {

    @Override
    public String name() {
        return "lucene";
    }

    @Override
    public Future<VectorStore> open(VectorStoreSettings settings, RuntimeServices services) {
        return services.vertx().executeBlocking(() -> LuceneVectorStore.open(settings, services.vertx()), false);
    }
}
