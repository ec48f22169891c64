package dev.modelcompose.components.vectorstore;

import dev.modelcompose.components.ComposeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load-time checks of vector-store components: each mistake gives one message at its place in the file. */
class VectorStoreComponentTypeTest {
    @TempDir
    Path dir;

    private String at(String rest) {
        return dir.resolve("compose.yml") + ":" + rest;
    }

    private void create(String component, boolean schema) {
        String yaml = """
                components:
                  - id: kb
                    type: vector-store
                """ + component.indent(4) + """
                workflow:
                  jobs:
                    - component: kb
                """;
        (schema ? ComposeFixture.load(dir, yaml) : ComposeFixture.bindOnly(dir, yaml)).create("kb");
    }

    @Test
    void anUnknownDriverListsTheDrivers() {
        assertThatThrownBy(() -> create("driver: lucen\nmethod: count", true))
                .hasMessage(at("4:13: components[0].driver: unknown vector-store driver 'lucen' (did you mean 'lucene'? "
                        + "(drivers: chroma, lucene, pgvector, qdrant; drivers here: lucene))"));
    }

    @Test
    void aKnownDriverThatIsNotInstalledNamesItsModule() {
        assertThatThrownBy(() -> create("driver: qdrant\nmethod: count", true))
                .hasMessage(at("4:13: components[0].driver: vector-store driver 'qdrant' is not installed (add the "
                        + "module dev.modelcompose:compose-driver-qdrant to the classpath; drivers here: lucene)"));
    }

    @Test
    void anUnknownMethodGetsDidYouMean() {
        assertThatThrownBy(() -> create("method: serch", false))
                .hasMessage(at("4:13: components[0].method: unknown method 'serch' (did you mean 'search'?)"));
    }

    @Test
    void aFieldTheMethodDoesNotReadIsAnError() {
        assertThatThrownBy(() -> create("method: insert\nvector: [1, 2]\ntop_k: 3", true))
                .hasMessage(at("6:12: components[0].top_k: top_k is not used by method insert (insert reads "
                        + "document, metadata, vector, vector_id)"));
    }

    @Test
    void dimensionsMustBeAWholeNumber() {
        assertThatThrownBy(() -> create("dimensions: 0\nmethod: count", false))
                .hasMessage(at("4:17: components[0].dimensions: dimensions must be a whole number from 1 to 65536, "
                        + "got 0"));
    }

    @Test
    void modelComposeFieldsAreAcceptedAndUpsertGetCountAreMethods() {
        create("""
                dimension: 3
                actions:
                  - { id: a, method: insert, vector: [1, 2, 3], id_field: id, vector_field: vector, batch_size: 8 }
                  - { id: b, method: upsert, vector_id: x, vector: [1, 2, 3] }
                  - { id: c, method: get, vector_id: x }
                  - { id: d, method: count, filter: { k: v }, default: true }
                """, true);
        assertThat(dir.resolve(".compose")).doesNotExist();
    }

    @Test
    void anUnknownActionKeyIsASchemaError() {
        assertThatThrownBy(() -> create("method: search\nquery: [1]\ntopk: 3", true))
                .hasMessageContaining("topk");
    }
}
