package dev.modelcompose.drivers.qdrant;

import static dev.modelcompose.engine.spi.vector.VectorStoreContract.await;

import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to the qdrant driver, against {@link FakeQdrantServer} (no Qdrant server can run here). */
class QdrantDriverAgainstFakeServerIT {
    private static Vertx vertx;
    private static FakeQdrantServer fake;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        fake = new FakeQdrantServer("key-1");
        port = fake.start(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        fake.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void anUnreachableServerIsRetriedThenNamedWithHostAndPort() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        VectorStore store = open(VectorMetric.COSINE, null, Map.of("host", "127.0.0.1", "port", closed, "retries", 1));

        assertThatThrownBy(() -> await(store.count("docs", VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': cannot reach Qdrant at 127.0.0.1:" + closed
                        + " after 2 attempts: Connection refused (is the server running, and are host and port right?)");
    }

    @Test
    void aWrongApiKeyIsNamed() {
        VectorStore store = open(VectorMetric.COSINE, null, Map.of("url", "http://127.0.0.1:" + port, "api_key", "nope"));

        assertThatThrownBy(() -> await(store.count("docs", VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': Qdrant at 127.0.0.1:" + port
                        + " refused the request (403: Invalid api-key); check api_key");
    }

    @Test
    void collectionsAreCreatedWithTheMetricsDistanceAndTheVectorSize() {
        Map<VectorMetric, String> expected = Map.of(VectorMetric.COSINE, "3 Cosine", VectorMetric.DOT, "3 Dot",
                VectorMetric.L2, "3 Euclid");
        for (VectorMetric metric : VectorMetric.values()) {
            VectorStore store = open(metric, null, config());
            await(store.insert("made_" + metric.id(), List.of(new VectorRecord("a", new float[]{1, 2, 3}, null, Map.of()))));
            assertThat(fake.vectorConfigs()).containsEntry("made_" + metric.id(), expected.get(metric));
        }
    }

    @Test
    void anExistingCollectionOfAnotherSizeIsAClearError() {
        await(open(VectorMetric.COSINE, null, config()).insert("sized",
                List.of(new VectorRecord("a", new float[]{1, 0, 0}, null, Map.of()))));

        VectorStore fresh = open(VectorMetric.COSINE, null, config());
        assertThatThrownBy(() -> await(fresh.insert("sized",
                List.of(new VectorRecord("b", new float[]{1, 0}, null, Map.of())))))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("collection 'sized' holds vectors of 3 dimensions, got one of 2");
    }

    @Test
    void aCollectionMadeForAnotherMetricIsAClearError() {
        await(open(VectorMetric.L2, null, config()).insert("euclid",
                List.of(new VectorRecord("a", new float[]{1, 0}, null, Map.of()))));

        VectorStore cosine = open(VectorMetric.COSINE, null, config());
        assertThatThrownBy(() -> await(cosine.search("euclid", List.of(new float[]{1, 0}), 1, null, VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("collection 'euclid' in Qdrant at 127.0.0.1:" + port
                        + " was created with metric l2, the component says cosine (use the same metric or another collection)");
    }

    @Test
    void rangesOnTextAreRefusedBecauseQdrantComparesOnlyNumbers() {
        VectorStore store = open(VectorMetric.COSINE, null, config());
        VectorFilter onText = new VectorFilter(List.of(new VectorFilter.Condition("name", VectorFilter.Operator.GT, "m")));

        assertThatThrownBy(() -> await(store.count("docs", onText)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("filter on 'name': Qdrant compares only numbers with gt, got \"m\"");
    }

    @Test
    void neqAndNotInMatchRecordsWithoutTheField() {
        VectorStore store = open(VectorMetric.COSINE, null, config());
        await(store.insert("missing_field", List.of(
                new VectorRecord("with", new float[]{1, 0}, null, Map.of("k", "x")),
                new VectorRecord("without", new float[]{0, 1}, null, Map.of()))));

        assertThat(await(store.count("missing_field", new VectorFilter(List.of(
                new VectorFilter.Condition("k", VectorFilter.Operator.NEQ, "x")))))).isEqualTo(1L);
        assertThat(await(store.count("missing_field", new VectorFilter(List.of(
                new VectorFilter.Condition("k", VectorFilter.Operator.NOT_IN, List.of("x", "y"))))))).isEqualTo(1L);
    }

    private static Map<String, Object> config() {
        return Map.of("url", "http://127.0.0.1:" + port, "api_key", "key-1");
    }

    private static VectorStore open(VectorMetric metric, Integer dimensions, Map<String, Object> config) {
        VectorStoreSettings settings = new VectorStoreSettings("kb", "docs", dimensions, metric, null,
                new HashMap<>(config), Path.of("."));
        return await(new QdrantDriver().open(settings, RuntimeServices.of(vertx, Path.of("."))));
    }
}
