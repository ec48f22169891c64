package dev.modelcompose.drivers.pgvector;

import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgVectorSettingsTest {

    private static PgVectorSettings parse(Map<String, Object> config) {
        return PgVectorSettings.of(new VectorStoreSettings("kb", "docs", 3, VectorMetric.COSINE, null, config, Path.of(".")));
    }

    @Test
    void defaultsToLocalhostPort5432() {
        PgVectorSettings settings = parse(Map.of());
        assertThat(settings.hostAndPort()).isEqualTo("127.0.0.1:5432");
        assertThat(settings.connect().getDatabase()).isEqualTo("postgres");
        assertThat(settings.connect().getUser()).isEqualTo("postgres");
        assertThat(settings.poolSize()).isEqualTo(4);
        assertThat(settings.retries()).isEqualTo(3);
        assertThat(settings.efSearch()).isEqualTo(40);
        assertThat(settings.connectTimeoutMs()).isEqualTo(10_000);
    }

    @Test
    void readsHostPortDatabaseUserAndPassword() {
        PgVectorSettings settings = parse(Map.of("host", "db.internal", "port", "6543", "database", "rag",
                "user", "app", "password", "secret", "pool_size", 8));
        assertThat(settings.hostAndPort()).isEqualTo("db.internal:6543");
        assertThat(settings.connect().getDatabase()).isEqualTo("rag");
        assertThat(settings.connect().getUser()).isEqualTo("app");
        assertThat(settings.connect().getPassword()).isEqualTo("secret");
        assertThat(settings.poolSize()).isEqualTo(8);
    }

    @Test
    void readsAUrl() {
        PgVectorSettings settings = parse(Map.of("url", "postgresql://app:pw@10.0.0.5:5433/rag"));
        assertThat(settings.hostAndPort()).isEqualTo("10.0.0.5:5433");
        assertThat(settings.connect().getDatabase()).isEqualTo("rag");
        assertThat(settings.connect().getUser()).isEqualTo("app");
        assertThat(settings.connect().getPassword()).isEqualTo("pw");
    }

    @Test
    void badValuesAreClearErrors() {
        assertThatThrownBy(() -> parse(Map.of("port", "five")))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': port must be a whole number, got 'five'");
        assertThatThrownBy(() -> parse(Map.of("url", "mysql://h/db")))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': url must start with postgresql://, got 'mysql://h/db' "
                        + "(example: postgresql://user:password@127.0.0.1:5432/mydb)");
    }
}
