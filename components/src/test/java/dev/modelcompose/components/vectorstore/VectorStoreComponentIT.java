package dev.modelcompose.components.vectorstore;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.spi.Component;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vector-store component over the embedded Lucene driver: every method, its result shape and its checks. */
class VectorStoreComponentIT {
    private static Vertx vertx;

    @TempDir
    Path dir;

    private final List<Component> started = new ArrayList<>();
    private TestCallContext context;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Throwable {
        TestCallContext.await(vertx.close());
    }

    @AfterEach
    void stopComponents() throws Throwable {
        for (Component component : started) {
            TestCallContext.await(component.stop());
        }
    }

    private static final String ACTIONS = """
                actions:
                  - { id: insert, method: insert, vector: "${input.vector}", vector_id: "${input.ids}", metadata: "${input.metadata}", document: "${input.texts}" }
                  - { id: update, method: update, vector_id: "${input.ids}", vector: "${input.vector}", metadata: "${input.metadata}", document: "${input.texts}" }
                  - { id: upsert, method: upsert, vector_id: "${input.ids}", vector: "${input.vector}", document: "${input.texts}" }
                  - { id: search, method: search, query: "${input.query}", top_k: "${input.top_k | 10}", score_threshold: "${input.threshold}", filter: "${input.filter}" }
                  - { id: by-source, method: search, query: "${input.query}", filter: { source: "${input.source}" }, output: "${result as object[]/id,metadata.source}" }
                  - { id: delete, method: delete, vector_id: "${input.ids}", filter: "${input.filter}" }
                  - { id: get, method: get, vector_id: "${input.ids}", output_fields: "${input.fields}" }
                  - { id: count, method: count, filter: "${input.filter}" }
                  - { id: count-other, method: count, collection: other }
                  - { id: insert-other, method: insert, collection: other, vector: "${input.vector}" }
            """;

    private Component store(String fields) throws Throwable {
        String yaml = """
                components:
                  - id: knowledge
                    type: vector-store
                """ + fields.indent(4) + ACTIONS + """
                workflow:
                  jobs:
                    - { component: knowledge, action: search }
                """;
        Component component = ComposeFixture.load(dir, yaml).create("knowledge");
        context = new TestCallContext(vertx, dir, null);
        TestCallContext.await(component.start(context));
        started.add(component);
        return component;
    }

    private Object call(Component component, String action, Map<String, Object> input) throws Throwable {
        ActionSpec spec = component.spec().action(action).orElseThrow();
        return TestCallContext.await(component.call(spec, input, context));
    }

    private Component threeDocs() throws Throwable {
        Component c = store("dimensions: 3");
        call(c, "insert", Map.of(
                "vector", List.of(List.of(1, 0, 0), List.of(0.6, 0.8, 0), List.of(0, 0, 1)),
                "ids", List.of("a", "b", "c"),
                "metadata", List.of(Map.of("source", "x.md", "n", 1), Map.of("source", "y.md", "n", 2),
                        Map.of("source", "x.md", "n", 3)),
                "texts", List.of("alpha", "beta", "gamma")));
        return c;
    }

    @Test
    void insertReturnsIdsAndAffectedRows() throws Throwable {
        Component c = store("dimensions: 3");
        Object result = call(c, "insert", Map.of("vector", List.of(List.of(1, 0, 0), List.of(0, 1, 0)),
                "ids", List.of("a", "b")));
        assertThat(result).isEqualTo(Map.of("ids", List.of("a", "b"), "affected_rows", 2));
    }

    @Test
    void insertWithoutIdsGeneratesUlids() throws Throwable {
        Component c = store("");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) call(c, "insert", Map.of("vector", List.of(0.5, 0.5)));
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) result.get("ids");
        assertThat(ids).hasSize(1);
        assertThat(ids.get(0)).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(call(c, "count", Map.of())).isEqualTo(1L);
    }

    @Test
    void searchGivesHitsWithScoreDistanceDocumentAndMetadata() throws Throwable {
        Component c = threeDocs();
        Object hits = call(c, "search", Map.of("query", List.of(1, 0, 0), "top_k", 2));
        assertThat(hits).asList().hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<?>) hits).get(0);
        assertThat(first).containsEntry("id", "a").containsEntry("document", "alpha")
                .containsEntry("metadata", Map.of("source", "x.md", "n", 1));
        assertThat((Double) first.get("score")).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((Double) first.get("distance")).isEqualTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) ((List<?>) hits).get(1);
        assertThat(second.get("id")).isEqualTo("b");
        assertThat((Double) second.get("score")).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void vectorsMayArriveAsFloatArrays() throws Throwable {
        Component c = store("dimensions: 2");
        call(c, "insert", Map.of("vector", List.of(new float[]{1, 0}, new float[]{0, 1}), "ids", List.of("x", "y")));
        assertThat(call(c, "search", Map.of("query", new double[]{0, 1}, "top_k", 1))).asList()
                .extracting("id").containsExactly("y");
    }

    @Test
    void severalQueriesGiveAListOfLists() throws Throwable {
        Component c = threeDocs();
        Object result = call(c, "search", Map.of("query", List.of(List.of(0, 0, 1), List.of(1, 0, 0)), "top_k", 1));
        assertThat(result).asList().hasSize(2);
        assertThat(((List<?>) result).get(0)).asList().extracting("id").containsExactly("c");
        assertThat(((List<?>) result).get(1)).asList().extracting("id").containsExactly("a");
    }

    @Test
    void scoreThresholdAndFilters() throws Throwable {
        Component c = threeDocs();
        assertThat(call(c, "search", Map.of("query", List.of(1, 0, 0), "threshold", 0.5))).asList()
                .extracting("id").containsExactly("a", "b");
        assertThat(call(c, "search", Map.of("query", List.of(1, 0, 0),
                "filter", List.of(Map.of("field", "n", "operator", "gte", "value", 2))))).asList()
                .extracting("id").containsExactly("b", "c");
        assertThat(call(c, "search", Map.of("query", List.of(1, 0, 0),
                "filter", Map.of("source", "x.md", "n", Map.of("neq", 1))))).asList()
                .extracting("id").containsExactly("c");
        assertThat(call(c, "search", Map.of("query", List.of(1, 0, 0),
                "filter", Map.of("source", List.of("y.md", "z.md"))))).asList()
                .extracting("id").containsExactly("b");
    }

    @Test
    void aNullFilterValueFiltersNothingAndAnOutputTemplateShapesHits() throws Throwable {
        Component c = threeDocs();
        assertThat(call(c, "by-source", Map.of("query", List.of(1, 0, 0)))).isEqualTo(List.of(
                Map.of("id", "a", "source", "x.md"), Map.of("id", "b", "source", "y.md"),
                Map.of("id", "c", "source", "x.md")));
        assertThat(call(c, "by-source", Map.of("query", List.of(1, 0, 0), "source", "y.md")))
                .isEqualTo(List.of(Map.of("id", "b", "source", "y.md")));
    }

    @Test
    void updateKeepsWhatItDoesNotGiveAndUpsertInserts() throws Throwable {
        Component c = threeDocs();
        assertThat(call(c, "update", Map.of("ids", "a", "texts", "alpha 2"))).isEqualTo(Map.of("affected_rows", 1));
        assertThat(call(c, "update", Map.of("ids", "zzz", "texts", "nothing"))).isEqualTo(Map.of("affected_rows", 0));
        assertThat(call(c, "upsert", Map.of("ids", List.of("a", "d"), "vector", List.of(List.of(0, 1, 0),
                List.of(0, 1, 1)), "texts", List.of("alpha 3", "delta")))).isEqualTo(Map.of("affected_rows", 2));

        Object got = call(c, "get", Map.of("ids", List.of("a", "d", "nope")));
        assertThat(got).isEqualTo(List.of(
                Map.of("id", "a", "vector", List.of(0.0, 1.0, 0.0), "document", "alpha 3",
                        "metadata", Map.of("source", "x.md", "n", 1)),
                Map.of("id", "d", "vector", List.of(0.0, 1.0, 1.0), "document", "delta", "metadata", Map.of())));
    }

    @Test
    void getKeepsOutputFieldsAndVectorsAsWritten() throws Throwable {
        Component c = store("");
        call(c, "insert", Map.of("vector", List.of(0.1, 0.2, 0.3), "ids", "v", "metadata",
                Map.of("keep", "yes", "drop", "no")));
        assertThat(call(c, "get", Map.of("ids", "v", "fields", List.of("keep")))).isEqualTo(List.of(
                Map.of("id", "v", "vector", List.of(0.1, 0.2, 0.3), "document", "", "metadata",
                        Map.of("keep", "yes"))).stream().map(m -> {
                    Map<String, Object> copy = new java.util.HashMap<>(m);
                    copy.put("document", null);
                    return copy;
                }).toList());
    }

    @Test
    void deleteByIdsAndByFilterAndCount() throws Throwable {
        Component c = threeDocs();
        assertThat(call(c, "count", Map.of("filter", Map.of("source", "x.md")))).isEqualTo(2L);
        assertThat(call(c, "delete", Map.of("ids", List.of("a", "nope")))).isEqualTo(Map.of("affected_rows", 1));
        assertThat(call(c, "delete", Map.of("filter", Map.of("n", Map.of("gt", 2))))).isEqualTo(Map.of("affected_rows", 1));
        assertThat(call(c, "count", Map.of())).isEqualTo(1L);
    }

    @Test
    void anActionMayNameAnotherCollection() throws Throwable {
        Component c = threeDocs();
        call(c, "insert-other", Map.of("vector", List.of(1, 1, 1)));
        assertThat(call(c, "count-other", Map.of())).isEqualTo(1L);
        assertThat(call(c, "count", Map.of())).isEqualTo(3L);
    }

    @Test
    void theIndexLivesUnderTheDefaultPathAndSurvivesARestart() throws Throwable {
        Component c = threeDocs();
        TestCallContext.await(c.stop());
        started.remove(c);
        assertThat(dir.resolve(".compose/vectors/knowledge/knowledge")).isDirectory();

        Component again = store("dimensions: 3");
        assertThat(call(again, "count", Map.of())).isEqualTo(3L);
    }

    @Test
    void pathAndCollectionAreHonoured() throws Throwable {
        Component c = store("path: data/idx\ncollection: docs\nmetric: l2");
        call(c, "insert", Map.of("vector", List.of(3, 4)));
        assertThat(dir.resolve("data/idx/docs")).isDirectory();
        @SuppressWarnings("unchecked")
        Map<String, Object> hit = (Map<String, Object>) ((List<?>) call(c, "search",
                Map.of("query", List.of(0, 0)))).get(0);
        assertThat(hit).containsEntry("distance", 5.0);
        assertThat((Double) hit.get("score")).isEqualTo(1.0 / 6.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    // ------------------------------------------------------------------ call errors, nothing lost

    private void fails(Component c, String action, Map<String, Object> input, String message) {
        assertThatThrownBy(() -> call(c, action, input)).hasMessage(message);
    }

    @Test
    void badRequestsAreClearErrorsAndLoseNothing() throws Throwable {
        Component c = threeDocs();
        fails(c, "insert", Map.of("vector", List.of()), "vector is an empty list");
        fails(c, "insert", Map.of("vector", List.of(1, Double.NaN, 0)), "vector[1] is NaN: vectors hold finite numbers only");
        fails(c, "insert", Map.of("vector", List.of(List.of(1, 0, 0), List.of(1, 0))),
                "vector[1] has 2 values, the store holds vectors of 3 dimensions");
        fails(c, "insert", Map.of("vector", List.of(List.of(1, 0, 0), List.of(0, 1, 0)), "ids", List.of("x")),
                "vector_id has 1 item but vector has 2");
        fails(c, "insert", Map.of("vector", List.of(List.of(1, 0, 0), List.of(0, 1, 0)),
                "metadata", List.of(Map.of("k", 1), Map.of("k", 2), Map.of("k", 3))),
                "metadata has 3 items but vector has 2");
        fails(c, "insert", Map.of("vector", List.of(List.of(1, 0, 0)), "texts", List.of("a", "b")),
                "document has 2 items but vector has 1");
        fails(c, "insert", Map.of("vector", List.of(1, 0, 0), "metadata", Map.of("nested", Map.of("a", 1))),
                "metadata.nested is a mapping: metadata values are strings, numbers, booleans or lists of them");
        fails(c, "insert", Map.of("vector", List.of(1, 0, 0), "ids", "a"),
                "id 'a' already exists in collection 'knowledge' (use update or upsert to replace it)");
        fails(c, "search", Map.of("query", List.of(1, 0, 0), "filter", Map.of("n", Map.of("gte2", 1))),
                "filter on 'n': unknown operator 'gte2' (did you mean 'gte'?)");
        fails(c, "search", Map.of("query", List.of(1, 0, 0), "filter", Map.of("n", Map.of("gt", "x"))),
                "filter on 'n': gt needs a number, got the string \"x\"");
        fails(c, "search", Map.of("query", List.of(1, 0, 0), "top_k", 0),
                "top_k must be a whole number of at least 1, got the number 0");
        fails(c, "search", Map.of("query", List.of(1, 0)), "query has 2 values, the store holds vectors of 3 dimensions");
        fails(c, "delete", Map.of(), "delete needs vector_id or a filter");
        assertThat(call(c, "count", Map.of())).isEqualTo(3L);
    }

    @Test
    void withoutDimensionsTheDriverChecksAgainstTheFirstInsert() throws Throwable {
        Component c = store("");
        call(c, "insert", Map.of("vector", List.of(1, 0, 0, 0)));
        fails(c, "insert", Map.of("vector", List.of(1, 0, 0)),
                "collection 'knowledge' holds vectors of 4 dimensions, got one of 3");
    }

    @Test
    void aPathThatCannotBeCreatedFailsAtStart() throws Throwable {
        Files.writeString(dir.resolve("blocker"), "x");
        assertThatThrownBy(() -> store("path: blocker/idx"))
                .hasMessage("the vector store folder " + dir.resolve("blocker/idx")
                        + " cannot be created (not a directory); set path: to a writable folder");
    }
}
