package dev.modelcompose.components.http;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.modelcompose.components.TestCallContext.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The http-client component against a real Vert.x HTTP server on 127.0.0.1. */
class HttpClientComponentIT {
    private static final Object END = new Object();
    private static Vertx vertx;
    private static TestApiServer server;
    private static String base;

    @TempDir
    Path dir;

    @TempDir
    static Path uploads;

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = new TestApiServer(vertx, uploads);
        base = "http://127.0.0.1:" + server.start();
    }

    @AfterAll
    static void stopServer() throws Throwable {
        server.stop();
        await(vertx.close());
    }

    @BeforeEach
    void resetServer() {
        server.releaseSse = Promise.promise();
        server.hangArrived = Promise.promise();
        server.hangClosed = Promise.promise();
        server.tickNanos.clear();
    }

    private Future<Object> call(String component, Object input, TestCallContext context) {
        String yaml = """
                components:
                  - id: api
                    base_url: BASE
                """.replace("BASE", base) + component.indent(4) + """
                workflow:
                  jobs:
                    - component: api
                """;
        ComposeFixture fixture = ComposeFixture.load(dir, yaml);
        Component api = fixture.create("api");
        return api.call(fixture.spec("api").action(null).orElseThrow(), input, context);
    }

    private Object run(String component, Object input) throws Throwable {
        return await(call(component, input, new TestCallContext(vertx)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void mapBodyIsSentAsJsonAndJsonResponseIsParsed() throws Throwable {
        Object result = run("""
                type: http-client
                path: /echo
                body: {text: "${input.text}", n: 2, tags: [a, b]}
                """, Map.of("text", "hi"));
        Map<String, Object> echo = map(result);
        assertThat(echo.get("method")).isEqualTo("POST");
        assertThat(echo.get("path")).isEqualTo("/echo");
        assertThat(echo.get("body")).isEqualTo("{\"text\":\"hi\",\"n\":2,\"tags\":[\"a\",\"b\"]}");
        assertThat(map(echo.get("headers"))).containsEntry("content-type", "application/json")
                .containsEntry("user-agent", "model-compose-jvm");
    }

    @Test
    void streamsInTheBodyAreCollectedBeforeSending() throws Throwable {
        Object result = run("""
                type: http-client
                path: /echo
                body: {text: "${input.text}", items: "${input.items}"}
                output: ${response.body}
                """, Map.of("text", ChunkStream.of(true, "Hel", "lo"), "items", ChunkStream.of(false, 1, 2)));
        assertThat(result).isEqualTo("{\"text\":\"Hello\",\"items\":[1,2]}");
    }

    @Test
    void formContentTypeSendsTheMapUrlEncoded() throws Throwable {
        Object result = run("""
                type: http-client
                path: /form
                headers: {Content-Type: application/x-www-form-urlencoded}
                body: {a: 1, b: "x y&z", c: [p, q], d: null}
                """, Map.of());
        Map<String, Object> echo = map(result);
        assertThat(map(echo.get("headers")).get("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(echo.get("form")).isEqualTo(Map.of("a", "1", "b", "x y&z", "c", "q"));
        assertThat(echo.get("body")).isEqualTo("a=1&b=x+y%26z&c=p&c=q");
    }

    @Test
    void multipartContentTypeSendsFieldsAndBytesAsParts() throws Throwable {
        Object result = run("""
                type: http-client
                path: /upload
                headers: {Content-Type: multipart/form-data}
                body: {name: Ada, file: "${input.data}"}
                """, Map.of("data", new byte[] {1, 2, 3, 4}));
        Map<String, Object> echo = map(result);
        assertThat((String) map(echo.get("headers")).get("content-type")).startsWith("multipart/form-data; boundary=");
        assertThat(echo.get("form")).isEqualTo(Map.of("name", "Ada"));
        assertThat(echo.get("files")).isEqualTo(Map.of("file", 4));
        assertThat(server.uploadedFiles).isNotEmpty().allMatch(file -> file.toAbsolutePath().startsWith(uploads));
    }

    @Test
    void stringBodyIsSentAsText() throws Throwable {
        Map<String, Object> echo = map(run("""
                type: http-client
                path: /text-body
                method: PUT
                body: "hello ${input.name}"
                """, Map.of("name", "Ada")));
        assertThat(echo.get("method")).isEqualTo("PUT");
        assertThat(echo.get("body")).isEqualTo("hello Ada");
        assertThat(map(echo.get("headers")).get("content-type")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void queryParamsDropNullsAndRepeatLists() throws Throwable {
        Map<String, Object> echo = map(run("""
                type: http-client
                path: /search?fixed=1
                method: get
                params: {q: "${input.q}", n: 3, skip: null, tag: [x, y]}
                """, Map.of("q", "a b")));
        assertThat(echo.get("method")).isEqualTo("GET");
        assertThat(echo.get("query")).isEqualTo("fixed=1&q=a%20b&n=3&tag=x&tag=y");
        assertThat(echo.get("body")).isNull();
    }

    @Test
    void actionHeadersOverrideComponentHeadersWhateverTheirCase() throws Throwable {
        Map<String, Object> echo = map(run("""
                type: http-client
                headers: {X-A: component, X-B: component}
                action:
                  endpoint: BASE/echo
                  headers: {x-b: action, X-C: "${input.c}"}
                """.replace("BASE", base), Map.of("c", 7)));
        assertThat(echo.get("headers")).isEqualTo(Map.of("x-a", "component", "x-b", "action", "x-c", "7",
                "user-agent", "model-compose-jvm"));
    }

    @Test
    void outputTemplateReadsTheResponse() throws Throwable {
        Object result = run("""
                type: http-client
                path: /echo
                body: {}
                output: {seen: "${response.path}", same: "${result.method}"}
                """, Map.of());
        assertThat(result).isEqualTo(Map.of("seen", "/echo", "same", "POST"));
    }

    @Test
    void textResponseIsAStringAndOtherTypesAreBytes() throws Throwable {
        assertThat(run("type: http-client\npath: /text\nmethod: GET", Map.of())).isEqualTo("plain text");
        assertThat(run("type: http-client\npath: /bytes\nmethod: GET", Map.of())).isEqualTo(new byte[] {1, 2, 3});
    }

    @Test
    void redirectsAreFollowed() throws Throwable {
        Map<String, Object> echo = map(run("type: http-client\npath: /moved\nmethod: GET", Map.of()));
        assertThat(echo.get("path")).isEqualTo("/echo/new-place");
    }

    @Test
    void invalidJsonResponseFailsClearly() {
        assertThatThrownBy(() -> run("type: http-client\npath: /not-json\nmethod: GET", Map.of()))
                .hasMessageStartingWith("GET " + base + "/not-json returned invalid JSON: ");
    }

    @Test
    void serverErrorFailsWithMethodUrlStatusAndFirst500BytesOfTheBody() {
        assertThatThrownBy(() -> run("""
                type: http-client
                path: /status/503
                params: {len: 600}
                """, Map.of()))
                .hasMessage("POST " + base + "/status/503 failed with status 503: " + "0123456789".repeat(50));
    }

    @Test
    void clientErrorFailsWithTheWholeShortBody() {
        assertThatThrownBy(() -> run("type: http-client\npath: /status/404\nmethod: DELETE", Map.of()))
                .hasMessage("DELETE " + base + "/status/404 failed with status 404: no such thing");
    }

    @Test
    void eventStreamChunksArriveBeforeTheResponseEnds() throws Throwable {
        Object result = run("""
                type: http-client
                path: /sse
                stream_format: json
                output: ${response[].choices[0].delta.content}
                """, Map.of());
        assertThat(result).isInstanceOf(ChunkStream.class);
        BlockingQueue<Object> events = subscribe((ChunkStream) result);
        // the server sends the rest only after this first chunk was seen here
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("Hel");
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        server.releaseSse.complete();
        // "line one\nline two" is not JSON: dropped like [DONE]
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("lo");
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo(END);
    }

    @Test
    void eventStreamAsTextJoinsDataLinesAndDrainsToOneString() throws Throwable {
        server.releaseSse.complete();
        Object result = run("""
                type: http-client
                path: /sse
                stream_format: text
                """, Map.of());
        ChunkStream stream = (ChunkStream) result;
        assertThat(stream.fragmented()).isTrue();
        assertThat(await(stream.collect())).containsExactly(
                "{\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}",
                "line one\nline two",
                "[DONE]");
    }

    @Test
    void openAiStyleDeltasDrainToTheWholeText() throws Throwable {
        server.releaseSse.complete();
        Object result = run("""
                type: http-client
                path: /sse
                stream_format: json
                output: ${response[].choices[0].delta.content}
                """, Map.of());
        assertThat(await(((ChunkStream) result).drain())).isEqualTo("Hello");
    }

    @Test
    void jsonLinesBecomeAStreamOfParsedObjects() throws Throwable {
        Object result = run("""
                type: http-client
                path: /ndjson
                method: GET
                stream_fragmented: false
                output: ${result[].n}
                """, Map.of());
        ChunkStream stream = (ChunkStream) result;
        assertThat(stream.fragmented()).isFalse();
        assertThat(await(stream.drain())).isEqualTo(List.of(1, 2, 3));
    }

    @Test
    void requestTimeoutFailsAndClosesTheConnection() throws Throwable {
        assertThatThrownBy(() -> run("""
                type: http-client
                path: /hang
                timeout: 1s
                """, Map.of()))
                .hasMessage("POST " + base + "/hang failed: timed out after 1s");
        await(server.hangClosed.future());
    }

    @Test
    void componentTimeoutAppliesToItsActions() {
        assertThatThrownBy(() -> run("""
                type: http-client
                timeout: 0.2
                action:
                  path: /hang
                  method: GET
                """, Map.of()))
                .hasMessage("GET " + base + "/hang failed: timed out after 200ms");
    }

    @Test
    void cancellationAbortsTheRequest() throws Throwable {
        TestCallContext context = new TestCallContext(vertx);
        Future<Object> call = call("type: http-client\npath: /hang", Map.of(), context);
        await(server.hangArrived.future());
        context.cancellation().cancel("cancelled");
        assertThatThrownBy(() -> await(call)).isInstanceOf(CancellationException.class);
        await(server.hangClosed.future());
    }

    @Test
    void connectionRefusedFailsClearly() throws Throwable {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/x";
        assertThatThrownBy(() -> run("type: http-client\nendpoint: " + url, Map.of()))
                .hasMessage("POST " + url + " failed: connection refused");
    }

    @Test
    void hostThatDoesNotResolveFailsWithTheHostName() {
        // .invalid never resolves (RFC 6761)
        assertThatThrownBy(() -> run("""
                type: http-client
                endpoint: https://api.example.invalid/v1/quotes/today
                method: GET
                timeout: 10s
                """, Map.of()))
                .hasMessage("GET https://api.example.invalid/v1/quotes/today failed: cannot resolve host "
                        + "'api.example.invalid'");
    }

    @Test
    void pollingCompletionPollsUntilSuccessAndOutputsTheLastPoll() throws Throwable {
        Object result = run("""
                type: http-client
                path: /jobs
                body: {kind: ok}
                completion:
                  type: polling
                  path: /jobs/${response.id}
                  status: ${result.status}
                  success_when: [done, finished]
                  fail_when: failed
                  interval: 100ms
                  timeout: 10s
                output: {id: "${response.id}", value: "${result.value}", polls: "${result.polls}"}
                """, Map.of());
        assertThat(result).isEqualTo(Map.of("id", "ok", "value", 42, "polls", 3));
    }

    @Test
    void pollingFailsWhenFailWhenMatches() {
        assertThatThrownBy(() -> run("""
                type: http-client
                path: /jobs
                body: {kind: bad}
                completion:
                  type: polling
                  path: /jobs/${response.id}
                  status: ${result.status}
                  success_when: done
                  fail_when: [failed, error]
                  interval: 50ms
                """, Map.of()))
                .hasMessage("polling GET " + base + "/jobs/bad failed: status is 'failed'");
    }

    @Test
    void pollingWithoutStatusMatchesTheHttpStatusCode() throws Throwable {
        Object result = run("""
                type: http-client
                path: /jobs
                body: {kind: code}
                completion:
                  type: polling
                  path: /jobs/${response.id}
                  success_when: 200
                  fail_when: [4xx, 5xx]
                  interval: 50ms
                output: ${result as text}
                """, Map.of());
        assertThat(result).isEqualTo("ready");
    }

    @Test
    void pollingGivesUpAfterItsTimeout() {
        assertThatThrownBy(() -> run("""
                type: http-client
                path: /jobs
                body: {kind: slow}
                completion:
                  type: polling
                  path: /jobs/${response.id}
                  status: ${result.status}
                  success_when: done
                  interval: 50ms
                  timeout: 300ms
                """, Map.of()))
                .hasMessage("polling GET " + base + "/jobs/slow timed out after 300ms (last status 'running')");
    }

    @Test
    void rateLimitSpacesRequestsEvenly() throws Throwable {
        String component = """
                type: http-client
                rate_limit: 5/s
                action:
                  path: /tick
                """;
        ComposeFixture fixture = ComposeFixture.load(dir, """
                components:
                  - id: api
                    base_url: BASE
                """.replace("BASE", base) + component.indent(4) + "workflow:\n  jobs:\n    - component: api\n");
        Component api = fixture.create("api");
        TestCallContext context = new TestCallContext(vertx);
        long start = System.nanoTime();
        List<Future<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(api.call(fixture.spec("api").action(null).orElseThrow(), Map.of(), context));
        }
        for (Future<Object> call : calls) {
            await(call);
        }
        List<Long> ticks = new ArrayList<>(server.tickNanos);
        ticks.sort(null);
        assertThat(ticks).hasSize(3);
        // 5 per second: the k-th request may not start before k * 200 ms (lower bounds only; network time only
        // makes arrivals later, and 30 ms are left for timer granularity)
        for (int k = 1; k < 3; k++) {
            assertThat(ticks.get(k) - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(k * 200L - 30));
        }
    }

    private static BlockingQueue<Object> subscribe(ChunkStream stream) {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        stream.subscribe(new ChunkSubscriber() {
            @Override
            public void onChunk(Object chunk) {
                events.add(chunk);
            }

            @Override
            public void onError(Throwable error) {
                events.add(error);
            }

            @Override
            public void onEnd() {
                events.add(END);
            }
        });
        return events;
    }
}
