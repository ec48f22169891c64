package dev.modelcompose.components.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Small rules of the http-client: URL joining, status patterns, media types, chunk decoding. */
class HttpRulesTest {
    @Test
    void pathIsJoinedToBaseUrlKeepingItsPath() {
        assertThat(RequestTemplate.join("https://api.test/v1", "/chat")).isEqualTo("https://api.test/v1/chat");
        assertThat(RequestTemplate.join("https://api.test/v1/", "chat")).isEqualTo("https://api.test/v1/chat");
        assertThat(RequestTemplate.join("https://api.test", "")).isEqualTo("https://api.test");
    }

    @Test
    void onlyAbsoluteHttpUrlsAreAccepted() {
        assertThat(RequestTemplate.isHttpUrl("http://127.0.0.1:80/x")).isTrue();
        assertThat(RequestTemplate.isHttpUrl("HTTPS://api.test")).isTrue();
        assertThat(RequestTemplate.isHttpUrl("ftp://api.test")).isFalse();
        assertThat(RequestTemplate.isHttpUrl("/x")).isFalse();
        assertThat(RequestTemplate.isHttpUrl("api.test/x")).isFalse();
    }

    @Test
    void statusPatternsMatchValuesAsTextAndCodesByClass() {
        assertThat(PollingCompletion.matches("done", List.of("running", "done"))).isTrue();
        assertThat(PollingCompletion.matches(200, List.of(200))).isTrue();
        assertThat(PollingCompletion.matches(204, List.of("2xx"))).isTrue();
        assertThat(PollingCompletion.matches("503", List.of("5XX"))).isTrue();
        assertThat(PollingCompletion.matches(404, List.of("2xx", "5xx"))).isFalse();
        assertThat(PollingCompletion.matches("2ab", List.of("2xx"))).isFalse();
        assertThat(PollingCompletion.matches(null, List.of("done"))).isFalse();
    }

    @Test
    void mediaTypesAreReadWithoutParameters() {
        assertThat(MediaType.of("Application/JSON; charset=utf-8")).isEqualTo("application/json");
        assertThat(MediaType.isJson("application/problem+json")).isTrue();
        assertThat(MediaType.isJsonLines("application/x-ndjson")).isTrue();
        assertThat(MediaType.isEventStream(MediaType.of("text/event-stream;charset=UTF-8"))).isTrue();
        assertThat(MediaType.charset("text/plain; charset=ISO-8859-1").name()).isEqualTo("ISO-8859-1");
        assertThat(MediaType.of(null)).isEmpty();
    }

    @Test
    void jsonChunksThatAreNotJsonBecomeNull() {
        assertThat(StreamFormat.JSON.decode("{\"a\":1}")).isEqualTo(java.util.Map.of("a", 1));
        assertThat(StreamFormat.JSON.decode("[DONE]")).isNull();
        assertThat(StreamFormat.TEXT.decode("[DONE]")).isEqualTo("[DONE]");
    }
}
