package dev.modelcompose.drivers.pgvector;

import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreDriver;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Future;

/**
 * {@code driver: pgvector}: PostgreSQL with the pgvector extension. Each collection is a table
 * {@code (id text primary key, embedding vector(N), document text, metadata jsonb)} with an HNSW index, created on
 * first write.
 */
public final class PgVectorDriver implements VectorStoreDriver {

    @Override
    public String name() {
        return "pgvector";
    }

    @Override
    public Future<VectorStore> open(VectorStoreSettings settings, RuntimeServices services) {
        try {
            PgVectorSettings parsed = PgVectorSettings.of(settings);
            return Future.succeededFuture(new PgVectorStore(services.vertx(), settings, parsed));
        } catch (VectorStoreException e) {
            return Future.failedFuture(e);
        }
    }
}
