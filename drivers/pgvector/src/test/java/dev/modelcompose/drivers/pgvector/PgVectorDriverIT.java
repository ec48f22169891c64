package dev.modelcompose.drivers.pgvector;

import static dev.modelcompose.engine.spi.vector.VectorStoreContract.await;

import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorFilter.Condition;
import dev.modelcompose.engine.spi.vector.VectorFilter.Operator;
import dev.modelcompose.engine.spi.vector.VectorHit;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to pgvector, against a real PostgreSQL 15 with pgvector (a throwaway cluster under target/). */
class PgVectorDriverIT {
    private static Vertx vertx;
    private static int counter;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void anUnreachableServerIsRetriedThenNamedWithHostAndPort() throws Exception {
        int closedPort = PostgresCluster.freePort();
        VectorStore store = open(settings(null, VectorMetric.COSINE, Map.of("host", "127.0.0.1", "port", closedPort,
                "retries", 2)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> await(store.count("docs", VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': cannot reach PostgreSQL at 127.0.0.1:" + closedPort
                        + " after 3 attempts: Connection refused (is the server running, and are host and port right?)");
        // two back-offs: 250 ms and 500 ms
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(700);
        await(store.close());
    }

    @Test
    void anExistingTableOfAnotherDimensionIsAClearError() {
        String collection = collection();
        VectorStore first = open(settings(null, VectorMetric.COSINE, cluster()));
        await(first.insert(collection, List.of(new VectorRecord("a", new float[]{1, 0, 0}, null, Map.of()))));
        await(first.close());

        // a fresh store (nothing cached) meets the table created by the first one
        VectorStore second = open(settings(null, VectorMetric.COSINE, cluster()));
        assertThatThrownBy(() -> await(second.insert(collection,
                List.of(new VectorRecord("b", new float[]{1, 0, 0, 0}, null, Map.of())))))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("collection '" + collection + "' holds vectors of 3 dimensions, got one of 4");
        VectorStore declared = open(settings(4, VectorMetric.COSINE, cluster()));
        assertThatThrownBy(() -> await(declared.search(collection, List.of(new float[]{1, 0, 0, 0}), 1, null,
                VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("collection '" + collection + "' holds vectors of 3 dimensions, got one of 4");
        assertThat(await(second.count(collection, VectorFilter.NONE))).isEqualTo(1L);
        await(second.close());
        await(declared.close());
    }

    @Test
    void theTableGetsAnHnswIndexWithTheMetricsOperatorClass() {
        Map<VectorMetric, String> ops = Map.of(VectorMetric.COSINE, "vector_cosine_ops", VectorMetric.DOT,
                "vector_ip_ops", VectorMetric.L2, "vector_l2_ops");
        Pool admin = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1")
                .setPort(PostgresCluster.shared().port).setUser("postgres").setDatabase("postgres")).using(vertx).build();
        for (VectorMetric metric : VectorMetric.values()) {
            String collection = collection();
            VectorStore store = open(settings(2, metric, cluster()));
            await(store.insert(collection, List.of(new VectorRecord("a", new float[]{1, 2}, "doc", Map.of("k", 1)))));

            Row row = await(admin.preparedQuery("SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%hnsw%'")
                    .execute(Tuple.of(collection))).iterator().next();
            assertThat(row.getString("indexdef")).endsWith("USING hnsw (embedding " + ops.get(metric) + ")");
            Row column = await(admin.preparedQuery("SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute "
                    + "WHERE attrelid = to_regclass($1) AND attname = 'embedding'").execute(Tuple.of("\"" + collection + "\"")))
                    .iterator().next();
            assertThat(column.getString("type")).isEqualTo("vector(2)");
            await(store.close());
        }
        await(admin.close());
    }

    @Test
    void aTableMadeForAnotherMetricIsAClearError() {
        String collection = collection();
        VectorStore cosine = open(settings(2, VectorMetric.COSINE, cluster()));
        await(cosine.insert(collection, List.of(new VectorRecord("a", new float[]{1, 0}, null, Map.of()))));
        await(cosine.close());

        VectorStore dot = open(settings(2, VectorMetric.DOT, cluster()));
        assertThatThrownBy(() -> await(dot.search(collection, List.of(new float[]{1, 0}), 1, null, VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("collection '" + collection + "' in PostgreSQL at 127.0.0.1:" + PostgresCluster.shared().port
                        + " was created with metric cosine, the component says dot (use the same metric or another collection)");
        await(dot.close());
    }

    @Test
    void aUrlConnectsLikeHostAndPort() {
        String collection = collection();
        VectorStore store = open(settings(2, VectorMetric.L2, Map.of("url",
                "postgresql://postgres@127.0.0.1:" + PostgresCluster.shared().port + "/postgres")));
        await(store.insert(collection, List.of(new VectorRecord("a", new float[]{3, 4}, null, Map.of()))));

        VectorHit hit = await(store.search(collection, List.of(new float[]{0, 0}), 1, null, VectorFilter.NONE)).get(0).get(0);

        assertThat(hit.distance()).isEqualTo(5.0);
        assertThat(hit.score()).isEqualTo(1.0 / 6.0);
        await(store.close());
    }

    @Test
    void neqAndNotInMatchRecordsWithoutTheFieldAndRangesCompareTextByCodePoint() {
        String collection = collection();
        VectorStore store = open(settings(2, VectorMetric.COSINE, cluster()));
        await(store.insert(collection, List.of(
                new VectorRecord("apple", new float[]{1, 0}, null, Map.of("name", "apple", "n", "7")),
                new VectorRecord("Banana", new float[]{1, 0.1f}, null, Map.of("name", "Banana", "n", 7)),
                new VectorRecord("none", new float[]{1, 0.2f}, null, Map.of()))));

        assertThat(ids(store, where("name", Operator.NEQ, "apple"))).containsExactly("Banana", "none");
        assertThat(ids(store, where("name", Operator.NOT_IN, List.of("Banana")))).containsExactly("apple", "none");
        // "B" (66) sorts before "a" (97)
        assertThat(ids(store, where("name", Operator.LT, "a"))).containsExactly("Banana");
        // the text "7" is not the number 7, and ranges never compare across types
        assertThat(ids(store, where("n", Operator.EQ, 7))).containsExactly("Banana");
        assertThat(ids(store, where("n", Operator.GTE, 7))).containsExactly("Banana");
        assertThat(ids(store, where("n", Operator.GTE, "7"))).containsExactly("apple");
        await(store.close());
    }

    @Test
    void aListValueMatchesWhenOneOfItsElementsDoes() {
        String collection = collection();
        VectorStore store = open(settings(2, VectorMetric.COSINE, cluster()));
        await(store.insert(collection, List.of(
                new VectorRecord("tagged", new float[]{1, 0}, null, Map.of("tags", List.of("java", "rag"), "pages", List.of(3, 12))),
                new VectorRecord("plain", new float[]{1, 0.1f}, null, Map.of("tags", "java", "pages", 5)))));

        assertThat(ids(store, where("tags", Operator.EQ, "rag"))).containsExactly("tagged");
        assertThat(ids(store, where("tags", Operator.EQ, "java"))).containsExactly("tagged", "plain");
        assertThat(ids(store, where("tags", Operator.NEQ, "rag"))).containsExactly("plain");
        assertThat(ids(store, where("tags", Operator.IN, List.of("rag", "go")))).containsExactly("tagged");
        assertThat(ids(store, where("pages", Operator.GT, 10))).containsExactly("tagged");
        assertThat(ids(store, where("pages", Operator.LT, 4))).containsExactly("tagged");
        assertThat(ids(store, where("pages", Operator.GTE, 5))).containsExactly("tagged", "plain");
        await(store.close());
    }

    @Test
    void aCollectionThatIsNoTableNameIsRefused() {
        VectorStore store = open(settings(2, VectorMetric.COSINE, cluster()));
        assertThatThrownBy(() -> await(store.count("my docs; drop", VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': collection 'my docs; drop' is not a valid table name for pgvector "
                        + "(letters, digits, _, - and ., at most 48 characters)");
        await(store.close());
    }

    private List<String> ids(VectorStore store, VectorFilter filter) {
        return await(store.search(lastCollection, List.of(new float[]{1, 0}), 10, null, filter)).get(0).stream()
                .map(VectorHit::id).toList();
    }

    private static VectorFilter where(String field, Operator op, Object value) {
        return new VectorFilter(List.of(new Condition(field, op, value)));
    }

    private String lastCollection;

    private String collection() {
        lastCollection = "pgdriver_" + ProcessHandle.current().pid() + "_" + (++counter);
        return lastCollection;
    }

    private static Map<String, Object> cluster() {
        return Map.of("host", "127.0.0.1", "port", PostgresCluster.shared().port, "user", "postgres");
    }

    private static VectorStoreSettings settings(Integer dimensions, VectorMetric metric, Map<String, Object> config) {
        return new VectorStoreSettings("kb", "docs", dimensions, metric, null, new HashMap<>(config), Path.of("."));
    }

    private static VectorStore open(VectorStoreSettings settings) {
        return await(new PgVectorDriver().open(settings, RuntimeServices.of(vertx, Path.of("."))));
    }
}
