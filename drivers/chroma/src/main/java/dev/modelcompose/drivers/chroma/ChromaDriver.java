package dev.modelcompose.drivers.chroma;

import dev.modelcompose.drivers.remote.RestClient;
import dev.modelcompose.drivers.remote.RestSettings;
import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreDriver;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Future;

import java.util.Map;

/**
 * {@code driver: chroma}: a Chroma server over its v2 REST API ({@code url}, or {@code host} and {@code port} 8000;
 * {@code tenant} default_tenant, {@code database} default_database; {@code api_key} is sent as the
 * {@code x-chroma-token} header and as a bearer token). Collections are created on first write with the metric's
 * {@code hnsw:space} (cosine, ip, l2).
 */
public final class ChromaDriver implements VectorStoreDriver {
    static final int DEFAULT_PORT = 8000;

    @Override
    public String name() {
        return "chroma";
    }

    @Override
    public Future<VectorStore> open(VectorStoreSettings settings, RuntimeServices services) {
        try {
            Map<String, Object> config = settings.config() == null ? Map.of() : settings.config();
            Object mode = config.get("mode");
            if (mode != null && !"server".equals(mode)) {
                throw new VectorStoreException("vector store '" + settings.componentId() + "': chroma mode '" + mode
                        + "' is not supported: this driver talks to a Chroma server (mode: server); for an embedded "
                        + "store use driver: lucene");
            }
            RestSettings rest = RestSettings.of(settings.componentId(), config, DEFAULT_PORT);
            Map<String, String> headers = rest.apiKey() == null ? Map.of()
                    : Map.of("x-chroma-token", rest.apiKey(), "authorization", "Bearer " + rest.apiKey());
            RestClient client = new RestClient(services.vertx(), rest, settings.componentId(), "Chroma", headers);
            String tenant = String.valueOf(config.getOrDefault("tenant", "default_tenant"));
            String database = String.valueOf(config.getOrDefault("database", "default_database"));
            return Future.succeededFuture(new ChromaStore(client, settings, tenant, database));
        } catch (VectorStoreException e) {
            return Future.failedFuture(e);
        }
    }
}
