package dev.modelcompose.components.http;

import dev.modelcompose.components.ComposeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load-time checks of http-client components: each mistake gives one message at its place in the file. */
class HttpClientComponentTypeTest {
    @TempDir
    Path dir;

    private String at(String lineColumnAndRest) {
        return dir.resolve("compose.yml") + ":" + lineColumnAndRest;
    }

    /** A component with {@code componentFields} and one action with {@code action}. */
    private void create(String componentFields, String action) {
        String yaml = """
                components:
                  - id: api
                    type: http-client
                """ + componentFields.indent(4) + """
                    action:
                """ + action.indent(6) + """
                workflow:
                  jobs:
                    - component: api
                """;
        ComposeFixture.bindOnly(dir, yaml).create("api");
    }

    @Test
    void endpointAndPathTogetherAreRefused() {
        assertThatThrownBy(() -> create("base_url: http://api.test", "endpoint: http://api.test/x\npath: /x"))
                .hasMessage(at("7:13: components[0].action.path: give either endpoint or path, not both"
                        + " (endpoint is a full URL; path is joined to the component's base_url)"));
    }

    @Test
    void neitherEndpointNorPathIsRefused() {
        assertThatThrownBy(() -> create("base_url: http://api.test", "method: GET"))
                .hasMessage(at("6:7: components[0].action: an http request needs endpoint (a full URL) or path"
                        + " (joined to base_url)"));
    }

    @Test
    void pathNeedsBaseUrl() {
        assertThatThrownBy(() -> create("headers: {}", "path: /x"))
                .hasMessage(at("6:13: components[0].action.path: path needs base_url on the component"
                        + " (set base_url, or write the full URL as endpoint)"));
    }

    @Test
    void endpointMustBeAnAbsoluteHttpUrl() {
        assertThatThrownBy(() -> create("headers: {}", "endpoint: api.test/x"))
                .hasMessage(at("6:17: components[0].action.endpoint: expected an absolute http or https URL,"
                        + " got 'api.test/x'"));
    }

    @Test
    void unknownMethodIsRefusedWithTheAllowedOnes() {
        assertThatThrownBy(() -> create("base_url: http://api.test", "path: /x\nmethod: PSOT"))
                .hasMessage(at("7:15: components[0].action.method: expected one of GET, POST, PUT, PATCH, DELETE,"
                        + " HEAD, OPTIONS, got 'PSOT' (did you mean 'POST'?)"));
    }

    @Test
    void badRateLimitIsRefused() {
        assertThatThrownBy(() -> create("base_url: http://api.test\nrate_limit: ten per second", "path: /x"))
                .hasMessage(at("5:17: components[0].rate_limit: expected a rate such as 10/s, 100/1m or"
                        + " {requests: 10, period: 1s}, got 'ten per second'"));
    }

    @Test
    void rateLimitMappingKeysAreChecked() {
        assertThatThrownBy(() -> create("base_url: http://api.test\nrate_limit: {request: 10}", "path: /x"))
                .hasMessage(at("5:27: components[0].rate_limit.request: unknown key 'request' in rate_limit"
                        + " (did you mean 'requests'?)"));
    }

    @Test
    void rateLimitShorthandsAndMappingAreAccepted() {
        for (String rate : new String[] {"10/s", "100/1m", "5/0.5s", "{requests: 3, period: 2s, burst: 2}", "{interval: 250ms}",
                "{requests: 10, interval: 1s}"}) {
            assertThatCode(() -> create("base_url: http://api.test\nrate_limit: " + rate, "path: /x"))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void rateLimitNeedsRequestsOrInterval() {
        assertThatThrownBy(() -> create("base_url: http://api.test\nrate_limit: {period: 1s}", "path: /x"))
                .hasMessage(at("5:17: components[0].rate_limit: rate_limit needs 'requests'"
                        + " (for example {requests: 10, period: 1s})"));
    }

    @Test
    void streamFormatMustBeJsonOrText() {
        assertThatThrownBy(() -> create("base_url: http://api.test", "path: /x\nstream_format: xml"))
                .hasMessage(at("7:22: components[0].action.stream_format: expected json or text, got 'xml'"));
    }

    @Test
    void onlyPollingCompletionIsSupported() {
        assertThatThrownBy(() -> create("base_url: http://api.test", """
                path: /x
                completion: {type: callback, wait_for: "${response.id}"}"""))
                .hasMessage(at("7:26: components[0].action.completion.type: completion type 'callback' is not"
                        + " supported (use type: polling)"));
    }

    @Test
    void completionKeysAreChecked() {
        assertThatThrownBy(() -> create("base_url: http://api.test", """
                path: /x
                completion: {type: polling, path: /s, success_when: ok, intervall: 1s}"""))
                .hasMessage(at("7:74: components[0].action.completion.intervall: unknown key 'intervall' in"
                        + " completion (did you mean 'interval'?)"));
    }

    @Test
    void completionNeedsSuccessWhen() {
        assertThatThrownBy(() -> create("base_url: http://api.test", """
                path: /x
                completion: {type: polling, path: "/s/${response.id}", status: "${result.state}"}"""))
                .hasMessage(at("7:19: components[0].action.completion: completion needs success_when"
                        + " (for example success_when: [completed])"));
    }

    @Test
    void completionRequestMayReadResponseButNotResult() {
        assertThatThrownBy(() -> create("base_url: http://api.test", """
                path: /x
                completion: {type: polling, path: "/s/${result.id}", success_when: 200}"""))
                .hasMessage(at("7:45: components[0].action.completion.path: unknown source 'result' in"
                        + " ${result.id} (sources here: context, env, input, response)"));
    }

    @Test
    void timeoutMustBeADuration() {
        assertThatThrownBy(() -> create("base_url: http://api.test\ntimeout: soon", "path: /x"))
                .hasMessage(at("5:14: components[0].timeout: expected a duration such as 500ms, 2s, 1m30s or a"
                        + " number of seconds, got \"soon\""));
    }

    @Test
    void headersMustBeAMappingOrABinding() {
        assertThatThrownBy(() -> create("base_url: http://api.test", "path: /x\nheaders: [a]"))
                .hasMessage(at("7:16: components[0].action.headers: expected a mapping or a binding, got a list"));
    }
}
