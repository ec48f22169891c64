package dev.modelcompose.drivers.remote;

import dev.modelcompose.engine.spi.vector.VectorStoreException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestSettingsTest {

    @Test
    void defaultsToLocalhostAndTheDriversPort() {
        RestSettings settings = RestSettings.of("kb", Map.of(), 6333);
        assertThat(settings.hostAndPort()).isEqualTo("127.0.0.1:6333");
        assertThat(settings.https()).isFalse();
        assertThat(settings.basePath()).isEmpty();
        assertThat(settings.apiKey()).isNull();
        assertThat(settings.retries()).isEqualTo(3);
    }

    @Test
    void aUrlGivesSchemeHostPortAndPathPrefix() {
        RestSettings settings = RestSettings.of("kb", Map.of("url", "https://vectors.example.com/qdrant/",
                "api_key", "k", "timeout", "1m30s"), 6333);
        assertThat(settings.https()).isTrue();
        assertThat(settings.hostAndPort()).isEqualTo("vectors.example.com:443");
        assertThat(settings.basePath()).isEqualTo("/qdrant");
        assertThat(settings.apiKey()).isEqualTo("k");
        assertThat(settings.timeoutMs()).isEqualTo(90_000);
        assertThat(RestSettings.of("kb", Map.of("endpoint", "http://10.0.0.2"), 6333).hostAndPort()).isEqualTo("10.0.0.2:6333");
        RestSettings byFields = RestSettings.of("kb", Map.of("host", "h", "port", 7000, "protocol", "https", "timeout", 2), 6333);
        assertThat(byFields.hostAndPort()).isEqualTo("h:7000");
        assertThat(byFields.https()).isTrue();
        assertThat(byFields.timeoutMs()).isEqualTo(2000);
    }

    @Test
    void badValuesAreClearErrors() {
        assertThatThrownBy(() -> RestSettings.of("kb", Map.of("url", "qdrant:6333"), 6333))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': url must be http://host:port or https://host:port, got 'qdrant:6333'");
        assertThatThrownBy(() -> RestSettings.of("kb", Map.of("port", "-1"), 6333))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': port must be a whole number, got '-1'");
        assertThatThrownBy(() -> RestSettings.of("kb", Map.of("protocol", "grpc"), 6333))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': protocol must be http or https, got 'grpc'");
        assertThatThrownBy(() -> RestSettings.of("kb", Map.of("timeout", "soon"), 6333))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("vector store 'kb': timeout: expected a duration such as 500ms, 2s, 1m30s or a number of seconds, got \"soon\"");
    }
}
