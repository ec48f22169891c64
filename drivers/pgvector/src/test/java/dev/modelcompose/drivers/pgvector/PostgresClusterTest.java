package dev.modelcompose.drivers.pgvector;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without PostgreSQL or pgvector the pgvector tests fail (never skip), saying how to install them. */
class PostgresClusterTest {

    @Test
    void missingPostgresBinariesFailNamingTheInstallScript() {
        assertThatThrownBy(() -> PostgresCluster.start(Path.of("/nonexistent/postgresql/15/bin"), PostgresCluster.VECTOR_CONTROL))
                .isInstanceOf(AssertionError.class)
                .hasMessage("PostgreSQL 15 is not installed (no /nonexistent/postgresql/15/bin/initdb): run "
                        + "scripts/install-pgvector.sh (as root or with sudo) to install PostgreSQL 15 and build the "
                        + "pgvector extension; see docs/vector-store-servers.md");
    }

    @Test
    void aMissingPgvectorExtensionFailsNamingTheInstallScript() {
        assertThatThrownBy(() -> PostgresCluster.start(PostgresCluster.BIN, Path.of("/nonexistent/vector.control")))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the pgvector extension is not installed (no /nonexistent/vector.control): run "
                        + "scripts/install-pgvector.sh");
    }
}
