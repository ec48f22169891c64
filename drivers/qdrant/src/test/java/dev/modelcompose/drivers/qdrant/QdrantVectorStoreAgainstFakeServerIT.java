package dev.modelcompose.drivers.qdrant;

import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreContract;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * The shared vector-store contract against {@link FakeQdrantServer}, an in-memory fake of Qdrant's REST API (no Qdrant
 * server can run here), with an api key.
 */
class QdrantVectorStoreAgainstFakeServerIT extends VectorStoreContract {
    private static Vertx serverVertx;
    private static FakeQdrantServer fake;
    private static int port;

    @BeforeAll
    static void startFake() throws Exception {
        serverVertx = Vertx.vertx();
        fake = new FakeQdrantServer("test-key");
        port = fake.start(serverVertx);
    }

    @AfterAll
    static void stopFake() throws Exception {
        fake.stop();
        serverVertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Override
    protected Map<String, Object> config() {
        return Map.of("url", "http://127.0.0.1:" + port, "api_key", "test-key");
    }

    @Override
    protected VectorStore openStore(VectorStoreSettings settings) {
        return await(new QdrantDriver().open(settings, services()));
    }
}
