package dev.modelcompose.engine.spi.vector;

import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.vector.VectorFilter.Condition;
import dev.modelcompose.engine.spi.vector.VectorFilter.Operator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The behaviour every {@link VectorStoreDriver} shares, as one JUnit 5 suite. A driver's test extends it and
 * implements {@link #openStore}; remote drivers override {@link #config()} to point at their server.
 * Published in engine's test-jar ({@code <type>test-jar</type>}, scope test).
 *
 * <p>Rules the suite pins down, beyond {@link VectorStore}'s javadoc:
 * <ul>
 *   <li>scores and distances follow {@link VectorMetric} to 1e-4 on hand-made vectors;</li>
 *   <li>a failed insert (wrong dimension, NaN, duplicate id) writes none of its records;</li>
 *   <li>a collection that was never written reads as empty (count 0, no hits, nothing to get);</li>
 *   <li>empty lists are no-ops: insert of none, get of none, search of no queries;</li>
 *   <li>metadata numbers come back as the kind they went in: integers as integers, decimals as decimals;</li>
 *   <li>range operators (gt, gte, lt, lte) are tested on numbers; eq, neq, in, not-in on strings, numbers and
 *       booleans. Every record in the filter tests has every field (what neq does on a missing field is left
 *       to the backend).</li>
 * </ul>
 */
public abstract class VectorStoreContract {
    private static final double TOLERANCE = 1e-4;
    private static final AtomicInteger COLLECTIONS = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    /** One Vert.x for the whole class; drivers get it through {@link #services()}. */
    protected static Vertx vertx;

    /** A fresh folder per test for embedded stores. */
    @TempDir
    protected Path tempDir;

    private final List<VectorStore> opened = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeStores() {
        for (VectorStore store : opened) {
            try {
                await(store.close());
            } catch (Throwable ignored) {
                // a store the test closed already
            }
        }
        opened.clear();
    }

    /** Opens the driver's store for these settings (e.g. {@code await(new LuceneDriver().open(settings, services()))}). */
    protected abstract VectorStore openStore(VectorStoreSettings settings) throws Exception;

    /** The driver's component fields (host, port, ...); empty for embedded stores. */
    protected Map<String, Object> config() {
        return Map.of();
    }

    /** Settings for a store of this metric and dimension (null: inferred), its default collection a fresh one. */
    protected VectorStoreSettings settings(Integer dimensions, VectorMetric metric) {
        Path path = tempDir.resolve("vectors");
        return new VectorStoreSettings("store", newCollection(), dimensions, metric, path, config(), tempDir);
    }

    /** A collection name unique to this JVM run: lowercase letters, digits and underscores. */
    protected String newCollection() {
        return "c" + RUN + "_" + COLLECTIONS.incrementAndGet();
    }

    /** Runtime services over {@link #vertx}, for {@link VectorStoreDriver#open}. */
    protected RuntimeServices services() {
        return RuntimeServices.of(vertx, tempDir);
    }

    // ---------------------------------------------------------------- helpers

    /** Waits for a future (never on an event loop: tests run on the JUnit thread); drivers' other tests use it too. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Opened open(Integer dimensions, VectorMetric metric) throws Exception {
        VectorStoreSettings settings = settings(dimensions, metric);
        VectorStore store = openStore(settings);
        opened.add(store);
        return new Opened(store, settings.collection(), settings);
    }

    private record Opened(VectorStore store, String collection, VectorStoreSettings settings) {
    }

    protected static float[] v(double... values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    protected static VectorRecord rec(String id, float[] vector) {
        return new VectorRecord(id, vector, null, Map.of());
    }

    protected static VectorRecord rec(String id, float[] vector, String document, Map<String, Object> metadata) {
        return new VectorRecord(id, vector, document, metadata);
    }

    protected static VectorFilter where(String field, Operator op, Object value) {
        return new VectorFilter(List.of(new Condition(field, op, value)));
    }

    private static List<String> ids(List<VectorHit> hits) {
        return hits.stream().map(VectorHit::id).toList();
    }

    private static List<String> recordIds(List<VectorRecord> records) {
        return records.stream().map(VectorRecord::id).toList();
    }

    /** Integers as Long, decimals as Double, the rest as is: how metadata is compared across drivers. */
    private static Map<String, Object> normalized(Map<String, Object> metadata) {
        Map<String, Object> out = new LinkedHashMap<>();
        metadata.forEach((k, value) -> {
            if (value instanceof Float || value instanceof Double) {
                out.put(k, ((Number) value).doubleValue());
            } else if (value instanceof Number n) {
                out.put(k, n.longValue());
            } else {
                out.put(k, value);
            }
        });
        return out;
    }

    private List<String> matching(Opened s, VectorFilter filter) {
        List<VectorHit> hits = await(s.store.search(s.collection, List.of(v(1, 0, 0)), 100, null, filter)).get(0);
        return hits.stream().map(VectorHit::id).sorted().toList();
    }

    /** Six records with a string, an integer, a decimal and a boolean field each. */
    private Opened filterFixture() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        String[] kinds = {"a", "b", "c", "a", "b", "c"};
        List<VectorRecord> records = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            records.add(rec("r" + i, v(1, i * 0.1, 0), "doc " + i,
                    Map.of("kind", kinds[i - 1], "n", i, "x", i + 0.5, "flag", i % 2 == 0)));
        }
        await(s.store.insert(s.collection, records));
        return s;
    }

    // ---------------------------------------------------------------- insert and get

    @Test
    void insertOneAndGetIt() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(0.1, 0.2, 0.3), "hello",
                Map.of("source", "x.md", "page", 3, "weight", 0.25, "draft", false)))));

        List<VectorRecord> got = await(s.store.get(s.collection, List.of("a")));

        assertThat(got).hasSize(1);
        VectorRecord a = got.get(0);
        assertThat(a.id()).isEqualTo("a");
        assertThat(a.vector()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(a.document()).isEqualTo("hello");
        assertThat(normalized(a.metadata()))
                .isEqualTo(Map.of("source", "x.md", "page", 3L, "weight", 0.25, "draft", false));
    }

    @Test
    void insertManyAndGetInTheOrderAskedSkippingMissingIds() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0)), rec("b", v(0, 1, 0)), rec("c", v(0, 0, 1)))));

        List<VectorRecord> got = await(s.store.get(s.collection, List.of("c", "missing", "a")));

        assertThat(recordIds(got)).containsExactly("c", "a");
        assertThat(got.get(0).vector()).containsExactly(0f, 0f, 1f);
        assertThat(got.get(0).document()).isNull();
        assertThat(got.get(0).metadata()).isEmpty();
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(3L);
    }

    @Test
    void insertingAnIdThatExistsFailsAndKeepsTheStoredRecord() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0), "first", Map.of()))));

        assertThatThrownBy(() -> await(s.store.insert(s.collection,
                List.of(rec("new", v(0, 1, 0)), rec("a", v(0, 0, 1), "second", Map.of())))))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.duplicateId(s.collection, "a").getMessage());

        assertThat(await(s.store.get(s.collection, List.of("a"))).get(0).document()).isEqualTo("first");
        assertThat(await(s.store.get(s.collection, List.of("new")))).isEmpty();
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(1L);
    }

    @Test
    void anIdGivenTwiceInOneInsertIsAnError() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);

        assertThatThrownBy(() -> await(s.store.insert(s.collection,
                List.of(rec("a", v(1, 0, 0)), rec("a", v(0, 1, 0))))))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.duplicateId(s.collection, "a").getMessage());
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isZero();
    }

    @Test
    void emptyListsAreNoOps() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0)))));

        await(s.store.insert(s.collection, List.of()));

        assertThat(await(s.store.get(s.collection, List.of()))).isEmpty();
        assertThat(await(s.store.search(s.collection, List.of(), 5, null, VectorFilter.NONE))).isEmpty();
        assertThat(await(s.store.update(s.collection, List.of(), true))).isZero();
        assertThat(await(s.store.delete(s.collection, List.of(), VectorFilter.NONE))).isZero();
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(1L);
    }

    @Test
    void aCollectionNeverWrittenReadsAsEmpty() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);

        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isZero();
        assertThat(await(s.store.get(s.collection, List.of("a")))).isEmpty();
        assertThat(await(s.store.search(s.collection, List.of(v(1, 0, 0)), 3, null, VectorFilter.NONE)))
                .containsExactly(List.of());
        assertThat(await(s.store.delete(s.collection, List.of("a"), VectorFilter.NONE))).isZero();
    }

    // ---------------------------------------------------------------- update and upsert

    @Test
    void updateReplacesGivenFieldsAndKeepsTheOthers() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(
                rec("a", v(1, 0, 0), "doc a", Map.of("k", "old", "n", 1)),
                rec("b", v(0, 1, 0), "doc b", Map.of("k", "b")))));

        int written = await(s.store.update(s.collection, List.of(
                new VectorRecord("a", null, null, Map.of("k", "new")),
                new VectorRecord("b", v(0, 0, 1), null, null)), false));

        assertThat(written).isEqualTo(2);
        List<VectorRecord> got = await(s.store.get(s.collection, List.of("a", "b")));
        assertThat(got.get(0).vector()).containsExactly(1f, 0f, 0f);
        assertThat(got.get(0).document()).isEqualTo("doc a");
        assertThat(got.get(0).metadata()).isEqualTo(Map.of("k", "new"));
        assertThat(got.get(1).vector()).containsExactly(0f, 0f, 1f);
        assertThat(got.get(1).document()).isEqualTo("doc b");
        assertThat(got.get(1).metadata()).isEqualTo(Map.of("k", "b"));
        // the new vector is what search sees
        List<VectorHit> hits = await(s.store.search(s.collection, List.of(v(0, 0, 1)), 1, null, VectorFilter.NONE)).get(0);
        assertThat(ids(hits)).containsExactly("b");
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(2L);
    }

    @Test
    void updateSkipsIdsThatDoNotExist() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0)))));

        int written = await(s.store.update(s.collection, List.of(
                new VectorRecord("a", null, "updated", null), rec("ghost", v(0, 1, 0))), false));

        assertThat(written).isEqualTo(1);
        assertThat(await(s.store.get(s.collection, List.of("ghost")))).isEmpty();
        assertThat(await(s.store.get(s.collection, List.of("a"))).get(0).document()).isEqualTo("updated");
    }

    @Test
    void updateWithInsertIfNotExistInsertsMissingIds() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0), "doc a", Map.of()))));

        int written = await(s.store.update(s.collection, List.of(
                new VectorRecord("a", v(0, 1, 0), null, null),
                rec("b", v(0, 0, 1), "doc b", Map.of("k", 1))), true));

        assertThat(written).isEqualTo(2);
        List<VectorRecord> got = await(s.store.get(s.collection, List.of("a", "b")));
        assertThat(got.get(0).vector()).containsExactly(0f, 1f, 0f);
        assertThat(got.get(0).document()).isEqualTo("doc a");
        assertThat(got.get(1).document()).isEqualTo("doc b");
        assertThat(normalized(got.get(1).metadata())).isEqualTo(Map.of("k", 1L));
    }

    @Test
    void insertIfNotExistWithoutAVectorIsAnErrorAndWritesNothing() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0), "doc a", Map.of()))));

        assertThatThrownBy(() -> await(s.store.update(s.collection, List.of(
                new VectorRecord("a", null, "changed", null),
                new VectorRecord("b", null, "doc b", null)), true)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.missingVector(s.collection, "b").getMessage());

        assertThat(await(s.store.get(s.collection, List.of("a"))).get(0).document()).isEqualTo("doc a");
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(1L);
    }

    // ---------------------------------------------------------------- search and scores

    @Test
    void searchReturnsTopKBestFirstWithDocumentsAndMetadata() throws Exception {
        Opened s = open(2, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(
                rec("far", v(-1, 0), "far doc", Map.of("rank", 3)),
                rec("near", v(1, 0.1), "near doc", Map.of("rank", 1)),
                rec("mid", v(1, 1), "mid doc", Map.of("rank", 2)),
                rec("side", v(0, 1), "side doc", Map.of("rank", 4)))));

        List<VectorHit> hits = await(s.store.search(s.collection, List.of(v(1, 0)), 3, null, VectorFilter.NONE)).get(0);

        assertThat(ids(hits)).containsExactly("near", "mid", "side");
        assertThat(hits.get(0).document()).isEqualTo("near doc");
        assertThat(normalized(hits.get(0).metadata())).isEqualTo(Map.of("rank", 1L));
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(1).score()).isGreaterThan(hits.get(2).score());
    }

    @Test
    void cosineScoreIsTheSimilarityAndDistanceOneMinusIt() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(
                rec("same", v(2, 0, 0)), rec("close", v(3, 4, 0)), rec("orthogonal", v(0, 0, 5)),
                rec("opposite", v(-1, 0, 0)))));

        List<VectorHit> hits = await(s.store.search(s.collection, List.of(v(1, 0, 0)), 4, null, VectorFilter.NONE)).get(0);

        assertThat(ids(hits)).containsExactly("same", "close", "orthogonal", "opposite");
        double[] scores = {1.0, 0.6, 0.0, -1.0};
        for (int i = 0; i < 4; i++) {
            assertThat(hits.get(i).score()).as("score of %s", hits.get(i).id()).isCloseTo(scores[i], within(TOLERANCE));
            assertThat(hits.get(i).distance()).as("distance of %s", hits.get(i).id())
                    .isCloseTo(1.0 - scores[i], within(TOLERANCE));
        }
    }

    @Test
    void dotScoreIsTheDotProductAndDistanceItsNegation() throws Exception {
        Opened s = open(3, VectorMetric.DOT);
        await(s.store.insert(s.collection, List.of(
                rec("big", v(2, 1, 0)), rec("small", v(0.5, 0, 0)), rec("negative", v(-1, -1, 0)),
                rec("zero", v(0, 0, 3)))));

        List<VectorHit> hits = await(s.store.search(s.collection, List.of(v(1, 2, 0)), 4, null, VectorFilter.NONE)).get(0);

        assertThat(ids(hits)).containsExactly("big", "small", "zero", "negative");
        double[] scores = {4.0, 0.5, 0.0, -3.0};
        for (int i = 0; i < 4; i++) {
            assertThat(hits.get(i).score()).as("score of %s", hits.get(i).id()).isCloseTo(scores[i], within(TOLERANCE));
            assertThat(hits.get(i).distance()).as("distance of %s", hits.get(i).id())
                    .isCloseTo(-scores[i], within(TOLERANCE));
        }
    }

    @Test
    void l2DistanceIsEuclideanAndScoreOneOverOnePlusIt() throws Exception {
        Opened s = open(2, VectorMetric.L2);
        await(s.store.insert(s.collection, List.of(
                rec("here", v(1, 1)), rec("three-four", v(4, 5)), rec("one", v(2, 1)), rec("far", v(-9, 1)))));

        List<VectorHit> hits = await(s.store.search(s.collection, List.of(v(1, 1)), 4, null, VectorFilter.NONE)).get(0);

        assertThat(ids(hits)).containsExactly("here", "one", "three-four", "far");
        double[] distances = {0.0, 1.0, 5.0, 10.0};
        for (int i = 0; i < 4; i++) {
            assertThat(hits.get(i).distance()).as("distance of %s", hits.get(i).id())
                    .isCloseTo(distances[i], within(TOLERANCE));
            assertThat(hits.get(i).score()).as("score of %s", hits.get(i).id())
                    .isCloseTo(1.0 / (1.0 + distances[i]), within(TOLERANCE));
        }
    }

    @Test
    void scoreThresholdKeepsHitsScoringAtLeastIt() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(
                rec("same", v(1, 0, 0)), rec("close", v(3, 4, 0)), rec("orthogonal", v(0, 0, 1)))));

        List<VectorHit> hits = await(s.store.search(s.collection, List.of(v(1, 0, 0)), 10, 0.5, VectorFilter.NONE)).get(0);

        assertThat(ids(hits)).containsExactly("same", "close");
    }

    @Test
    void severalQueriesGiveOneListEachInOrder() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("x", v(1, 0, 0)), rec("y", v(0, 1, 0)), rec("z", v(0, 0, 1)))));

        List<List<VectorHit>> results = await(s.store.search(s.collection,
                List.of(v(0, 0, 1), v(1, 0.1, 0), v(0, 1, 0.1)), 1, null, VectorFilter.NONE));

        assertThat(results).hasSize(3);
        assertThat(ids(results.get(0))).containsExactly("z");
        assertThat(ids(results.get(1))).containsExactly("x");
        assertThat(ids(results.get(2))).containsExactly("y");
    }

    @Test
    void topKLargerThanTheCollectionReturnsEverything() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("x", v(1, 0, 0)), rec("y", v(0, 1, 0)))));

        assertThat(ids(await(s.store.search(s.collection, List.of(v(1, 0, 0)), 50, null, VectorFilter.NONE)).get(0)))
                .containsExactly("x", "y");
    }

    // ---------------------------------------------------------------- filters

    @Test
    void eqAndNeqOnStrings() throws Exception {
        Opened s = filterFixture();
        assertThat(matching(s, where("kind", Operator.EQ, "a"))).containsExactly("r1", "r4");
        assertThat(matching(s, where("kind", Operator.NEQ, "a"))).containsExactly("r2", "r3", "r5", "r6");
    }

    @Test
    void eqAndNeqOnNumbers() throws Exception {
        Opened s = filterFixture();
        assertThat(matching(s, where("n", Operator.EQ, 3))).containsExactly("r3");
        assertThat(matching(s, where("n", Operator.EQ, 3.0))).containsExactly("r3");
        assertThat(matching(s, where("x", Operator.EQ, 2.5))).containsExactly("r2");
        assertThat(matching(s, where("n", Operator.NEQ, 3))).containsExactly("r1", "r2", "r4", "r5", "r6");
    }

    @Test
    void eqAndNeqOnBooleans() throws Exception {
        Opened s = filterFixture();
        assertThat(matching(s, where("flag", Operator.EQ, true))).containsExactly("r2", "r4", "r6");
        assertThat(matching(s, where("flag", Operator.NEQ, true))).containsExactly("r1", "r3", "r5");
    }

    @Test
    void rangesOnIntegersAndDecimals() throws Exception {
        Opened s = filterFixture();
        assertThat(matching(s, where("n", Operator.GT, 4))).containsExactly("r5", "r6");
        assertThat(matching(s, where("n", Operator.GTE, 4))).containsExactly("r4", "r5", "r6");
        assertThat(matching(s, where("n", Operator.LT, 2))).containsExactly("r1");
        assertThat(matching(s, where("n", Operator.LTE, 2))).containsExactly("r1", "r2");
        assertThat(matching(s, where("x", Operator.GT, 5.5))).containsExactly("r6");
        assertThat(matching(s, where("x", Operator.GTE, 5.5))).containsExactly("r5", "r6");
        assertThat(matching(s, where("x", Operator.LT, 2))).containsExactly("r1");
        assertThat(matching(s, where("x", Operator.LTE, 2.5))).containsExactly("r1", "r2");
        assertThat(matching(s, where("n", Operator.GT, 3.5))).containsExactly("r4", "r5", "r6");
    }

    @Test
    void inAndNotInOnStringsNumbersAndBooleans() throws Exception {
        Opened s = filterFixture();
        assertThat(matching(s, where("kind", Operator.IN, List.of("a", "c")))).containsExactly("r1", "r3", "r4", "r6");
        assertThat(matching(s, where("kind", Operator.NOT_IN, List.of("a", "c")))).containsExactly("r2", "r5");
        assertThat(matching(s, where("n", Operator.IN, List.of(1, 5, 99)))).containsExactly("r1", "r5");
        assertThat(matching(s, where("n", Operator.NOT_IN, List.of(1, 5)))).containsExactly("r2", "r3", "r4", "r6");
        assertThat(matching(s, where("flag", Operator.IN, List.of(false)))).containsExactly("r1", "r3", "r5");
        assertThat(matching(s, where("flag", Operator.NOT_IN, List.of(false)))).containsExactly("r2", "r4", "r6");
    }

    @Test
    void severalConditionsMustAllHold() throws Exception {
        Opened s = filterFixture();
        VectorFilter filter = new VectorFilter(List.of(
                new Condition("kind", Operator.IN, List.of("a", "b")),
                new Condition("n", Operator.GTE, 2),
                new Condition("flag", Operator.EQ, true)));
        assertThat(matching(s, filter)).containsExactly("r2", "r4");
    }

    @Test
    void aFilterOnAFieldNoRecordHasMatchesNothing() throws Exception {
        Opened s = filterFixture();
        assertThat(matching(s, where("nope", Operator.EQ, "a"))).isEmpty();
    }

    @Test
    void filteredSearchStillRanksAndCutsAtTopK() throws Exception {
        Opened s = filterFixture();
        // r2, r3, r5, r6 are not kind a; nearer to (1,0,0) the smaller their second value
        List<VectorHit> hits = await(s.store.search(s.collection, List.of(v(1, 0, 0)), 2, null,
                where("kind", Operator.NEQ, "a"))).get(0);
        assertThat(ids(hits)).containsExactly("r2", "r3");
    }

    // ---------------------------------------------------------------- delete and count

    @Test
    void deleteByIdsCountsOnlyThoseThatExisted() throws Exception {
        Opened s = filterFixture();

        int deleted = await(s.store.delete(s.collection, List.of("r1", "r2", "ghost"), VectorFilter.NONE));

        assertThat(deleted).isEqualTo(2);
        assertThat(await(s.store.get(s.collection, List.of("r1", "r2", "r3")))).extracting(VectorRecord::id)
                .containsExactly("r3");
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(4L);
        assertThat(matching(s, VectorFilter.NONE)).containsExactly("r3", "r4", "r5", "r6");
    }

    @Test
    void deleteByFilter() throws Exception {
        Opened s = filterFixture();

        int deleted = await(s.store.delete(s.collection, null, where("flag", Operator.EQ, true)));

        assertThat(deleted).isEqualTo(3);
        assertThat(matching(s, VectorFilter.NONE)).containsExactly("r1", "r3", "r5");
    }

    @Test
    void countWithAndWithoutFilter() throws Exception {
        Opened s = filterFixture();
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(6L);
        assertThat(await(s.store.count(s.collection, where("kind", Operator.EQ, "b")))).isEqualTo(2L);
        assertThat(await(s.store.count(s.collection, where("n", Operator.GT, 10)))).isZero();
    }

    @Test
    void aDeletedIdCanBeInsertedAgain() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0), "one", Map.of()))));
        await(s.store.delete(s.collection, List.of("a"), VectorFilter.NONE));

        await(s.store.insert(s.collection, List.of(rec("a", v(0, 1, 0), "two", Map.of()))));

        assertThat(await(s.store.get(s.collection, List.of("a"))).get(0).document()).isEqualTo("two");
    }

    // ---------------------------------------------------------------- collections

    @Test
    void collectionsAreIsolated() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        String other = newCollection();
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0), "in first", Map.of()))));
        await(s.store.insert(other, List.of(rec("a", v(0, 1, 0), "in second", Map.of()), rec("b", v(0, 0, 1)))));

        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(1L);
        assertThat(await(s.store.count(other, VectorFilter.NONE))).isEqualTo(2L);
        assertThat(await(s.store.get(s.collection, List.of("a"))).get(0).document()).isEqualTo("in first");
        assertThat(await(s.store.get(other, List.of("a"))).get(0).document()).isEqualTo("in second");
        assertThat(ids(await(s.store.search(s.collection, List.of(v(0, 0, 1)), 5, null, VectorFilter.NONE)).get(0)))
                .containsExactly("a");

        await(s.store.delete(other, List.of("a"), VectorFilter.NONE));
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(1L);
    }

    @Test
    void aReopenedStoreKeepsItsRecords() throws Exception {
        VectorStoreSettings settings = settings(3, VectorMetric.COSINE);
        VectorStore first = openStore(settings);
        await(first.insert(settings.collection(), List.of(rec("a", v(1, 0, 0), "kept", Map.of("k", "v")))));
        await(first.close());

        VectorStore second = openStore(settings);
        opened.add(second);

        assertThat(await(second.get(settings.collection(), List.of("a"))).get(0).document()).isEqualTo("kept");
        assertThat(ids(await(second.search(settings.collection(), List.of(v(1, 0, 0)), 1, null, VectorFilter.NONE)).get(0)))
                .containsExactly("a");
    }

    // ---------------------------------------------------------------- bad input loses nothing

    @Test
    void aVectorOfTheWrongDimensionIsAnErrorAndWritesNothing() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0)))));

        assertThatThrownBy(() -> await(s.store.insert(s.collection, List.of(rec("b", v(0, 1, 0)), rec("c", v(1, 2, 3, 4))))))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.dimensionMismatch(s.collection, 3, 4).getMessage());
        assertThatThrownBy(() -> await(s.store.search(s.collection, List.of(v(1, 0)), 1, null, VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.dimensionMismatch(s.collection, 3, 2).getMessage());
        assertThatThrownBy(() -> await(s.store.update(s.collection, List.of(rec("a", v(1, 0))), false)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.dimensionMismatch(s.collection, 3, 2).getMessage());

        assertThat(recordIds(await(s.store.get(s.collection, List.of("a", "b", "c"))))).containsExactly("a");
        assertThat(await(s.store.get(s.collection, List.of("a"))).get(0).vector()).containsExactly(1f, 0f, 0f);
    }

    @Test
    void withoutDimensionsTheFirstInsertSetsThem() throws Exception {
        Opened s = open(null, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0, 0)))));

        assertThatThrownBy(() -> await(s.store.insert(s.collection, List.of(rec("b", v(1, 0, 0))))))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.dimensionMismatch(s.collection, 4, 3).getMessage());
        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(1L);
    }

    @Test
    void nanAndInfinityAreRejectedInVectorsAndQueries() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        await(s.store.insert(s.collection, List.of(rec("a", v(1, 0, 0)))));

        assertThatThrownBy(() -> await(s.store.insert(s.collection, List.of(rec("b", v(0, 1, 0)), rec("n", v(1, Double.NaN, 0))))))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.notFinite("n", 1).getMessage());
        assertThatThrownBy(() -> await(s.store.update(s.collection, List.of(rec("a", v(Double.POSITIVE_INFINITY, 0, 0))), true)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.notFinite("a", 0).getMessage());
        assertThatThrownBy(() -> await(s.store.search(s.collection, List.of(v(0, 0, Double.NaN)), 1, null, VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage(VectorStoreException.notFinite(null, 2).getMessage());

        assertThat(recordIds(await(s.store.get(s.collection, List.of("a", "b", "n"))))).containsExactly("a");
        assertThat(await(s.store.get(s.collection, List.of("a"))).get(0).vector()).containsExactly(1f, 0f, 0f);
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentInsertsAndSearchesAllLand() throws Exception {
        Opened s = open(3, VectorMetric.COSINE);
        List<Future<?>> calls = new ArrayList<>();
        for (int batch = 0; batch < 8; batch++) {
            List<VectorRecord> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(rec("b" + batch + "-" + i, v(1, batch, i + 1)));
            }
            calls.add(s.store.insert(s.collection, records));
            calls.add(s.store.search(s.collection, List.of(v(1, 1, 1)), 3, null, VectorFilter.NONE));
        }
        for (Future<?> call : calls) {
            await(call);
        }

        assertThat(await(s.store.count(s.collection, VectorFilter.NONE))).isEqualTo(80L);
        assertThat(await(s.store.search(s.collection, List.of(v(1, 1, 1)), 80, null, VectorFilter.NONE)).get(0))
                .hasSize(80);
    }

    /** Exposed for drivers' own tests: the exact scores {@link VectorMetric} defines, as a plain array. */
    protected static double[] scores(VectorMetric metric, float[] query, float[]... vectors) {
        return Arrays.stream(vectors).mapToDouble(x -> metric.score(metric.measure(query, x))).toArray();
    }
}
