package dev.modelcompose.drivers.pgvector;

import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreContract;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;

import java.util.Map;

/** The shared vector-store contract against a real PostgreSQL 15 with pgvector (a throwaway cluster under target/). */
class PgVectorStoreIT extends VectorStoreContract {

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", "127.0.0.1", "port", PostgresCluster.shared().port, "user", "postgres",
                "database", "postgres");
    }

    @Override
    protected VectorStore openStore(VectorStoreSettings settings) {
        return await(new PgVectorDriver().open(settings, services()));
    }
}
