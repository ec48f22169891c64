package dev.modelcompose.drivers.qdrant;

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
 * {@code driver: qdrant}: a Qdrant server over its REST API ({@code url}, or {@code host} and {@code port} 6333;
 * {@code api_key} is sent as the {@code api-key} header). Each collection is a Qdrant collection created on first
 * write with the metric's distance (Cosine, Dot, Euclid).
 */
public final class QdrantDriver implements VectorStoreDriver {
    static final int DEFAULT_PORT = 6333;

    @Override
    public String name() {
        return "qdrant";
    }

    @Override
    public Future<VectorStore> open(VectorStoreSettings settings, RuntimeServices services) {
        try {
            RestSettings rest = RestSettings.of(settings.componentId(), settings.config(), DEFAULT_PORT);
            Map<String, String> headers = rest.apiKey() == null ? Map.of() : Map.of("api-key", rest.apiKey());
            RestClient client = new RestClient(services.vertx(), rest, settings.componentId(), "Qdrant", headers);
            return Future.succeededFuture(new QdrantStore(client, settings));
        } catch (VectorStoreException e) {
            return Future.failedFuture(e);
        }
    }
}
