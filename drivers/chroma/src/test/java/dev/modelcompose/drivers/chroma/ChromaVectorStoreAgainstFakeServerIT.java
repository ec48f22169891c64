package dev.modelcompose.drivers.chroma;

import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreContract;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * The shared vector-store contract against {@link FakeChromaServer}, an in-memory fake of Chroma's v2 REST API (no
 * Chroma server can run here), with a token.
 */
class ChromaVectorStoreAgainstFakeServerIT extends VectorStoreContract {
    private static Vertx serverVertx;
    private static FakeChromaServer fake;
    private static int port;

    @BeforeAll
    static void startFake() throws Exception {
        serverVertx = Vertx.vertx();
        fake = new FakeChromaServer("test-token");
        port = fake.start(serverVertx);
    }

    @AfterAll
    static void stopFake() throws Exception {
        fake.stop();
        serverVertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", "127.0.0.1", "port", port, "api_key", "test-token");
    }

    @Override
    protected VectorStore openStore(VectorStoreSettings settings) {
        return await(new ChromaDriver().open(settings, services()));
    }
}
