package dev.modelcompose.cli.controller;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.modelcompose.cli.controller.ControllerIT.assertError;
import static dev.modelcompose.cli.controller.ControllerIT.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Controller settings: queueing, task retention, API key, CORS, body limit, graceful shutdown, web page port. */
class ControllerLimitsIT {
    private static final String COMPONENTS = """
            components:
              - id: sleeper
                type: shell
                action:
                  command: [sleep, "${input.seconds as number | 0.3}"]
                  output: ${result.exit_code}
              - id: echo
                type: shell
                action:
                  command: [echo, "${input.text}"]
                  output: ${result.stdout}
            workflows:
              - id: sleep
                jobs:
                  - component: sleeper
                    input: ${input}
              - id: echo
                jobs:
                  - component: echo
                    input: ${input}
            """;

    @TempDir
    Path dir;

    @Test
    void runsBeyondMaxConcurrentCountWaitInOrder() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0 }
                  max_concurrent_count: 1
                """ + COMPONENTS)) {
            String first = taskId(api.post("/workflows/runs",
                    "{\"workflow_id\":\"sleep\",\"input\":{\"seconds\":0.6},\"wait_for_completion\":false}"));
            String second = taskId(api.post("/workflows/runs",
                    "{\"workflow_id\":\"sleep\",\"input\":{\"seconds\":0.1},\"wait_for_completion\":false}"));
            assertThat(json(api.get("/tasks/" + second).body())).containsEntry("status", "pending");
            assertThat(json(api.get("/tasks/" + first).body())).containsEntry("status", "processing");
            HttpResponse<String> waited = api.post("/workflows/runs",
                    "{\"workflow_id\":\"echo\",\"input\":{\"text\":\"after\"},\"output_only\":true}");
            assertThat(waited.body()).isEqualTo("\"after\"");
            assertThat(json(api.get("/tasks/" + first).body())).containsEntry("status", "completed");
            assertThat(json(api.get("/tasks/" + second).body())).containsEntry("status", "completed");
        }
    }

    @Test
    void aQueuedTaskCanBeCancelled() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0 }
                  max_concurrent_count: 1
                """ + COMPONENTS)) {
            String first = taskId(api.post("/workflows/runs",
                    "{\"workflow_id\":\"sleep\",\"input\":{\"seconds\":0.5},\"wait_for_completion\":false}"));
            String queued = taskId(api.post("/workflows/runs",
                    "{\"workflow_id\":\"sleep\",\"wait_for_completion\":false}"));
            assertThat(json(api.post("/tasks/" + queued + "/cancel", "").body())).containsEntry("status", "cancelled");
            HttpResponse<String> after = api.post("/workflows/runs",
                    "{\"workflow_id\":\"echo\",\"input\":{\"text\":\"next\"},\"output_only\":true}");
            assertThat(after.body()).isEqualTo("\"next\"");
            assertThat(json(api.get("/tasks/" + first).body())).containsEntry("status", "completed");
        }
    }

    @Test
    void finishedTasksAreBoundedInNumber() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0 }
                  max_task_count: 2
                """ + COMPONENTS)) {
            String[] ids = new String[4];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = taskId(api.post("/workflows/runs", "{\"workflow_id\":\"echo\",\"input\":{\"text\":\"" + i
                        + "\"}}"));
            }
            assertThat(api.get("/tasks/" + ids[0]).statusCode()).isEqualTo(404);
            assertThat(api.get("/tasks/" + ids[1]).statusCode()).isEqualTo(404);
            assertThat(api.get("/tasks/" + ids[2]).statusCode()).isEqualTo(200);
            assertThat(api.get("/tasks/" + ids[3]).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void finishedTasksExpire() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0 }
                  task_retention: 100ms
                """ + COMPONENTS)) {
            String id = taskId(api.post("/workflows/runs", "{\"workflow_id\":\"echo\",\"input\":{\"text\":\"x\"}}"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (api.get("/tasks/" + id).statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertError(api.get("/tasks/" + id), 404, "not_found", "Task '" + id + "' not found.");
        }
    }

    @Test
    void anApiKeyProtectsEveryRouteButHealth() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0, api_key: "${env.SECRET_TOKEN}" }
                """ + COMPONENTS)) {
            assertError(api.get("/workflows"), 401, "unauthorized",
                    "Missing or wrong API key (send Authorization: Bearer <key>).");
            assertError(api.get("/workflows", "Authorization", "Bearer wrong"), 401, "unauthorized",
                    "Missing or wrong API key (send Authorization: Bearer <key>).");
            assertThat(api.get("/workflows", "Authorization", "Bearer s3cr3t-value").statusCode()).isEqualTo(200);
            assertThat(api.get("/workflows", "X-API-Key", "s3cr3t-value").statusCode()).isEqualTo(200);
            assertThat(api.get("/health").statusCode()).isEqualTo(200);
            HttpResponse<String> run = api.post("/workflows/runs",
                    "{\"workflow_id\":\"echo\",\"input\":{\"text\":\"key s3cr3t-value\"},\"output_only\":true}",
                    "Authorization", "Bearer s3cr3t-value");
            assertThat(run.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void corsAllowsOnlyTheListedOrigins() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0, origins: [ "http://allowed.example" ] }
                """ + COMPONENTS)) {
            HttpResponse<String> allowed = api.get("/workflows", "Origin", "http://allowed.example");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue("http://allowed.example");
            HttpResponse<String> denied = api.get("/workflows", "Origin", "http://evil.example");
            assertThat(denied.headers().firstValue("access-control-allow-origin")).isEmpty();
            assertThat(denied.statusCode()).isEqualTo(403);
        }
        try (ControllerHarness api = ControllerHarness.start(dir, COMPONENTS)) {
            HttpResponse<String> none = api.get("/workflows", "Origin", "http://allowed.example");
            assertThat(none.headers().firstValue("access-control-allow-origin")).isEmpty();
        }
    }

    @Test
    void anUntypedInputTakesAnyValue() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, COMPONENTS)) {
            assertThat(api.get("/workflows/echo/schema").body()).contains(
                    "\"input\":[{\"name\":\"text\",\"type\":\"string\",\"is_list\":false,\"required\":true}]");
            HttpResponse<String> run = api.post("/workflows/runs",
                    "{\"workflow_id\":\"echo\",\"input\":{\"text\":[1,2]},\"output_only\":true}");
            assertThat(run.statusCode()).isEqualTo(200);
            assertThat(run.body()).isEqualTo("\"[1,2]\"");
        }
    }

    @Test
    void bodiesOverTheLimitGet413() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0, max_body_size: 1K }
                """ + COMPONENTS)) {
            String big = "{\"workflow_id\":\"echo\",\"input\":{\"text\":\"" + "x".repeat(2000) + "\"}}";
            assertError(api.post("/workflows/runs", big), 413, "payload_too_large",
                    "The request body is larger than the limit of 1024 bytes.");
            assertThat(api.post("/workflows/runs", "{\"workflow_id\":\"echo\",\"input\":{\"text\":\"small\"},"
                    + "\"output_only\":true}").body()).isEqualTo("\"small\"");
        }
    }

    @Test
    void shutdownDrainsRunningTasksWhileHealthSaysShuttingDown() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0 }
                  shutdown_timeout: 10s
                """ + COMPONENTS)) {
            String id = taskId(api.post("/workflows/runs",
                    "{\"workflow_id\":\"sleep\",\"input\":{\"seconds\":0.8},\"wait_for_completion\":false}"));
            CompletableFuture<Void> stopped = api.server.shutdown().toCompletionStage().toCompletableFuture();
            HttpResponse<String> health = api.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).isEqualTo("{\"status\":\"shutting_down\"}");
            assertError(api.post("/workflows/runs", "{\"workflow_id\":\"echo\"}"), 503, "shutting_down",
                    "Service is shutting down.");
            assertThat(json(api.get("/tasks/" + id).body())).containsEntry("status", "processing");
            stopped.get(10, TimeUnit.SECONDS);
            assertThat(stopped).isDone();
        }
    }

    @Test
    void shutdownCancelsWhatOutlivesTheTimeout() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0 }
                  shutdown_timeout: 200ms
                """ + COMPONENTS)) {
            String id = taskId(api.post("/workflows/runs",
                    "{\"workflow_id\":\"sleep\",\"input\":{\"seconds\":30},\"wait_for_completion\":false}"));
            Thread.sleep(100);
            long started = System.nanoTime();
            api.server.shutdown().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(8000);
        }
    }

    @Test
    void theWebPageCanHaveItsOwnPort() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                controller:
                  adapter: { port: 0, base_path: /v1 }
                  webui: { port: 0 }
                """ + COMPONENTS)) {
            int page = api.server.webUiPort();
            assertThat(page).isPositive().isNotEqualTo(api.server.port());
            HttpResponse<String> index = api.client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + page + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(index.statusCode()).isEqualTo(200);
            HttpResponse<String> config = api.client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + page + "/config.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(config.body()).isEqualTo("{\"api_base\":\"/v1\"}");
            HttpResponse<String> listed = api.client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + page + "/v1/workflows")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).isEqualTo(200);
            HttpResponse<String> noPage = api.client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noPage.statusCode()).isEqualTo(404);
        }
    }

    private static String taskId(HttpResponse<String> response) {
        Map<String, Object> state = json(response.body());
        assertThat(state).as(response.body()).containsKey("task_id");
        return (String) state.get("task_id");
    }
}
