package dev.modelcompose.drivers.chroma;

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

/** What is particular to the chroma driver, against {@link FakeChromaServer} (no Chroma server can run here). */
class ChromaDriverAgainstFakeServerIT {
    private static Vertx vertx;
    private static FakeChromaServer fake;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        fake = new FakeChromaServer("token-1");
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
        VectorStore store = open(VectorMetric.COSINE, Map.of("host", "127.0.0.1", "port", closed, "retries", 1));

        assertThatThrownBy(() -> await(store.count("docs", VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': cannot reach Chroma at 127.0.0.1:" + closed
                        + " after 2 attempts: Connection refused (is the server running, and are host and port right?)");
    }

    @Test
    void onlyServerModeIsSupported() {
        assertThatThrownBy(() -> open(VectorMetric.COSINE, Map.of("mode", "local", "storage_dir", "./chroma")))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': chroma mode 'local' is not supported: this driver talks to a Chroma "
                        + "server (mode: server); for an embedded store use driver: lucene");
    }

    @Test
    void aWrongTokenIsNamed() {
        VectorStore store = open(VectorMetric.COSINE, Map.of("port", port, "api_key", "nope"));

        assertThatThrownBy(() -> await(store.count("docs", VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': Chroma at 127.0.0.1:" + port
                        + " refused the request (401: Unauthorized); check api_key");
    }

    @Test
    void collectionsGetTheMetricsSpaceUnderTheConfiguredTenantAndDatabase() {
        Map<VectorMetric, String> expected = Map.of(VectorMetric.COSINE, "cosine", VectorMetric.DOT, "ip",
                VectorMetric.L2, "l2");
        for (VectorMetric metric : VectorMetric.values()) {
            VectorStore store = open(metric, Map.of("port", port, "api_key", "token-1", "tenant", "team",
                    "database", "rag"));
            await(store.insert("space_" + metric.id(), List.of(new VectorRecord("a", new float[]{1, 2}, null, Map.of()))));
            assertThat(fake.spaces()).containsEntry("space_" + metric.id(), expected.get(metric));
        }
        assertThat(fake.requests).contains("POST /api/v2/tenants/team/databases/rag/collections");
    }

    @Test
    void anExistingCollectionOfAnotherDimensionIsAClearError() {
        await(open(VectorMetric.COSINE, config()).insert("sized",
                List.of(new VectorRecord("a", new float[]{1, 0, 0}, null, Map.of()))));

        VectorStore fresh = open(VectorMetric.COSINE, config());
        assertThatThrownBy(() -> await(fresh.insert("sized",
                List.of(new VectorRecord("b", new float[]{1, 0}, null, Map.of())))))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("collection 'sized' holds vectors of 3 dimensions, got one of 2");
    }

    @Test
    void aCollectionMadeForAnotherMetricIsAClearError() {
        await(open(VectorMetric.DOT, config()).insert("inner",
                List.of(new VectorRecord("a", new float[]{1, 0}, null, Map.of()))));

        VectorStore l2 = open(VectorMetric.L2, config());
        assertThatThrownBy(() -> await(l2.count("inner", VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("collection 'inner' in Chroma at 127.0.0.1:" + port
                        + " was created with metric dot, the component says l2 (use the same metric or another collection)");
    }

    @Test
    void numbersMatchWhetherStoredAsIntegersOrFloats() {
        VectorStore store = open(VectorMetric.COSINE, config());
        await(store.insert("kinds", List.of(
                new VectorRecord("int", new float[]{1, 0}, null, Map.of("n", 3)),
                new VectorRecord("float", new float[]{0, 1}, null, Map.of("n", 3.0)),
                new VectorRecord("bigger", new float[]{1, 1}, null, Map.of("n", 4.5)))));

        assertThat(await(store.count("kinds", where("n", VectorFilter.Operator.EQ, 3)))).isEqualTo(2L);
        assertThat(await(store.count("kinds", where("n", VectorFilter.Operator.GT, 2.5)))).isEqualTo(3L);
        assertThat(await(store.count("kinds", where("n", VectorFilter.Operator.LTE, 3)))).isEqualTo(2L);
        assertThat(await(store.count("kinds", where("n", VectorFilter.Operator.IN, List.of(4.5, 3))))).isEqualTo(3L);
        assertThat(await(store.count("kinds", where("n", VectorFilter.Operator.NEQ, 3)))).isEqualTo(1L);
    }

    private static VectorFilter where(String field, VectorFilter.Operator op, Object value) {
        return new VectorFilter(List.of(new VectorFilter.Condition(field, op, value)));
    }

    private static Map<String, Object> config() {
        return Map.of("url", "http://127.0.0.1:" + port, "api_key", "token-1");
    }

    private static VectorStore open(VectorMetric metric, Map<String, Object> config) {
        VectorStoreSettings settings = new VectorStoreSettings("kb", "docs", null, metric, null,
                new HashMap<>(config), Path.of("."));
        return await(new ChromaDriver().open(settings, RuntimeServices.of(vertx, Path.of("."))));
    }
}
