package dev.modelcompose.cli.controller;

import dev.modelcompose.engine.value.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller's HTTP API against a real server on 127.0.0.1 running real shell processes. */
class ControllerIT {
    static final String FILE = """
            controller:
              adapter: { port: 0, base_path: /api }
              shutdown_timeout: 2s
            components:
              - id: greeter
                type: shell
                action:
                  command: [echo, "Hello, ${input.name as text @(description Who to greet)}! x${input.times as integer | 1}"]
                  output: ${result.stdout}
              - id: lines
                type: shell
                action:
                  command: [bash, -c, "echo first; sleep 0.4; printf 'two\\\\nlines\\\\n'; sleep 0.2; echo last"]
                  streaming: true
                  output: ${result[]}
              - id: first-then-wait
                type: shell
                action:
                  command: [bash, -c, "echo first; sleep 2; echo last"]
                  streaming: true
                  output: ${result[]}
              - id: pid-then-sleep
                type: shell
                action:
                  command: [bash, -c, "echo $$$$; exec sleep 30"]
                  streaming: true
                  output: ${result[]}
              - id: sleeper
                type: shell
                action:
                  command: [sleep, "${input.seconds as number | 0.3}"]
                  output: ${result.exit_code}
              - id: failing
                type: shell
                action:
                  command: [sleep, "5"]
            workflows:
              - id: hello
                title: Greeting
                description: Says hello.
                jobs:
                  - id: greet
                    component: greeter
                    input: ${input}
              - id: stream
                jobs:
                  - component: lines
                    output: ${output as stream/text}
              - id: late
                jobs:
                  - component: first-then-wait
                    output: ${output as stream/text}
              - id: hang
                jobs:
                  - component: pid-then-sleep
                    output: ${output as stream/text}
              - id: sleep
                jobs:
                  - component: sleeper
                    input: ${input}
              - id: fail
                jobs:
                  - id: boom
                    component: failing
                    timeout: 100ms
              - id: hidden
                private: true
                jobs:
                  - component: greeter
            """;

    @TempDir
    static Path dir;
    static ControllerHarness api;

    @BeforeAll
    static void start() throws Exception {
        api = ControllerHarness.start(dir, FILE);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void healthIsOk() throws Exception {
        HttpResponse<String> response = api.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void listsPublicWorkflows() throws Exception {
        HttpResponse<String> response = api.get("/workflows");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[{\"workflow_id\":\"hello\",\"title\":\"Greeting\"},"
                + "{\"workflow_id\":\"stream\"},{\"workflow_id\":\"late\"},{\"workflow_id\":\"hang\"},{\"workflow_id\":\"sleep\"},"
                + "{\"workflow_id\":\"fail\"}]");
    }

    @Test
    void schemaIsInferredFromTheComponentAction() throws Exception {
        HttpResponse<String> response = api.get("/workflows/hello/schema");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"workflow_id\":\"hello\",\"title\":\"Greeting\","
                + "\"description\":\"Says hello.\",\"input\":["
                + "{\"name\":\"name\",\"type\":\"text\",\"is_list\":false,\"description\":\"Who to greet\",\"required\":true},"
                + "{\"name\":\"times\",\"type\":\"integer\",\"is_list\":false,\"default\":1,\"required\":false}],"
                + "\"output\":[{\"type\":\"string\",\"is_list\":false}]}");
        assertThat(api.get("/workflows/stream/schema").body())
                .contains("\"output\":[{\"type\":\"stream\",\"is_list\":false,\"subtype\":\"text\"}]");
    }

    @Test
    void graphListsJobs() throws Exception {
        assertThat(api.get("/workflows/fail/graph").body()).isEqualTo(
                "{\"workflow_id\":\"fail\",\"jobs\":[{\"id\":\"boom\",\"type\":\"component\",\"depends_on\":[],"
                        + "\"routes\":[]}]}");
    }

    @Test
    void unknownAndPrivateWorkflowsAreNotFound() throws Exception {
        HttpResponse<String> schema = api.get("/workflows/hidden/schema");
        assertThat(schema.statusCode()).isEqualTo(404);
        assertThat(schema.body()).isEqualTo(
                "{\"error\":{\"code\":\"not_found\",\"message\":\"Workflow 'hidden' not found.\"}}");
        HttpResponse<String> run = api.post("/workflows/runs", "{\"workflow_id\":\"nope\"}");
        assertThat(run.statusCode()).isEqualTo(404);
        assertThat(run.body()).isEqualTo(
                "{\"error\":{\"code\":\"not_found\",\"message\":\"Workflow 'nope' not found.\"}}");
        HttpResponse<String> route = api.get("/nothing");
        assertThat(route.statusCode()).isEqualTo(404);
        assertThat(route.body()).isEqualTo(
                "{\"error\":{\"code\":\"not_found\",\"message\":\"No route GET /api/nothing.\"}}");
    }

    @Test
    void runWaitsAndAnswersTheTaskState() throws Exception {
        HttpResponse<String> response = api.post("/workflows/runs",
                "{\"workflow_id\":\"hello\",\"input\":{\"name\":\"Ada\",\"times\":2},\"metadata\":{\"k\":1}}");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> state = json(response.body());
        assertThat(state).containsEntry("status", "completed").containsEntry("workflow_id", "hello")
                .containsEntry("output", "Hello, Ada! x2").containsEntry("metadata", Map.of("k", 1));
        assertThat((String) state.get("task_id")).matches("[0-9A-HJKMNP-TV-Z]{26}");
        HttpResponse<String> again = api.get("/tasks/" + state.get("task_id"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body())).isEqualTo(state);
    }

    @Test
    void outputOnlyAnswersTheOutputAsJson() throws Exception {
        HttpResponse<String> response = api.post("/workflows/runs",
                "{\"workflow_id\":\"hello\",\"input\":{\"name\":\"Bo\"},\"output_only\":true}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("\"Hello, Bo! x1\"");
    }

    @Test
    void runWithoutWaitingIsPolled() throws Exception {
        HttpResponse<String> started = api.post("/workflows/runs",
                "{\"workflow_id\":\"sleep\",\"input\":{\"seconds\":0.2},\"wait_for_completion\":false}");
        assertThat(started.statusCode()).isEqualTo(200);
        Map<String, Object> state = json(started.body());
        assertThat(state.get("status")).isIn("pending", "processing");
        String id = (String) state.get("task_id");
        HttpResponse<String> early = api.get("/tasks/" + id + "?output_only=true");
        assertThat(early.statusCode()).isEqualTo(202);
        Map<String, Object> done = awaitFinished(id);
        assertThat(done).containsEntry("status", "completed").containsEntry("output", 0);
        HttpResponse<String> output = api.get("/tasks/" + id + "?output_only=true");
        assertThat(output.statusCode()).isEqualTo(200);
        assertThat(output.body()).isEqualTo("0");
    }

    @Test
    void aFailedRunNamesTheJob() throws Exception {
        HttpResponse<String> state = api.post("/workflows/runs", "{\"workflow_id\":\"fail\"}");
        assertThat(state.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(state.body());
        assertThat(body.get("status")).isEqualTo("failed");
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) body.get("error");
        assertThat(error).containsEntry("code", "workflow_failed").containsEntry("job_id", "boom");
        assertThat((String) error.get("message")).contains("boom").doesNotContain("at dev.modelcompose");
        HttpResponse<String> outputOnly = api.post("/workflows/runs",
                "{\"workflow_id\":\"fail\",\"output_only\":true}");
        assertThat(outputOnly.statusCode()).isEqualTo(500);
        assertThat(json(outputOnly.body())).isEqualTo(Map.of("error", error));
    }

    @Test
    void badBodiesAreRejectedWithTheReason() throws Exception {
        assertError(api.post("/workflows/runs", "{bad"), 400, "bad_request",
                "The request body is not valid JSON (line 1, column 2): Unexpected character ('b' (code 98)): "
                        + "was expecting double-quote to start field name");
        assertError(api.post("/workflows/runs", ""), 400, "bad_request",
                "The request body is empty: send a JSON object such as {\"workflow_id\": \"...\", \"input\": {...}}.");
        assertError(api.post("/workflows/runs", "[1]"), 400, "bad_request",
                "The request body must be a JSON object, got [1].");
        assertError(api.post("/workflows/runs", "{\"workflow_id\":\"hello\",\"wait_for_completion\":\"yes\"}"),
                400, "bad_request", "wait_for_completion: expected true or false, got \"yes\"");
        assertError(api.post("/workflows/runs",
                        "{\"workflow_id\":\"hello\",\"wait_for_completion\":false,\"output_only\":true}"),
                400, "bad_request", "output_only: true needs wait_for_completion: true.");
    }

    @Test
    void aRunBodyMustSayItIsJson() throws Exception {
        String body = "{\"workflow_id\":\"hello\",\"input\":{\"name\":\"Ada\"},\"output_only\":true}";
        assertError(api.postAsIs("/workflows/runs", body), 400, "bad_request",
                "Missing or empty Content-Type header (send Content-Type: application/json).");
        assertError(api.postAsIs("/workflows/runs", body, "Content-Type", "text/plain"), 400, "bad_request",
                "Unsupported Content-Type 'text/plain' (send Content-Type: application/json).");
        // curl -d sends a form type: its body is still read as JSON
        HttpResponse<String> form = api.postAsIs("/workflows/runs", body,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(200);
        HttpResponse<String> json = api.postAsIs("/workflows/runs", body,
                "Content-Type", "application/json; charset=utf-8");
        assertThat(json.body()).isEqualTo("\"Hello, Ada! x1\"");
    }

    @Test
    void inputIsCheckedAgainstTheInferredSchema() throws Exception {
        assertError(api.post("/workflows/runs", "{\"workflow_id\":\"hello\",\"input\":{\"name\":\"A\",\"times\":\"x\"}}"),
                400, "invalid_input", "input.times: expected an integer, got the text \"x\"");
        assertError(api.post("/workflows/runs", "{\"workflow_id\":\"hello\",\"input\":[1,2]}"),
                400, "invalid_input", "input: expected an object with the fields name, times, got a list [1,2]");
        assertError(api.post("/workflows/runs", "{\"workflow_id\":\"hello\",\"input\":{\"name\":{\"a\":1}}}"),
                400, "invalid_input", "input.name: expected text, got an object {\"a\":1}");
    }

    @Test
    void unknownTasksAreNotFound() throws Exception {
        assertError(api.get("/tasks/01ABC"), 404, "not_found", "Task '01ABC' not found.");
        assertError(api.post("/tasks/01ABC/cancel", "{}"), 404, "not_found", "Task '01ABC' not found.");
    }

    @Test
    void cancelStopsARunAndASecondCancelConflicts() throws Exception {
        String id = (String) json(api.post("/workflows/runs",
                "{\"workflow_id\":\"sleep\",\"input\":{\"seconds\":20},\"wait_for_completion\":false}").body())
                .get("task_id");
        HttpResponse<String> cancel = api.post("/tasks/" + id + "/cancel", "");
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(json(cancel.body())).containsEntry("status", "cancelled");
        assertError(api.post("/tasks/" + id + "/cancel", ""), 409, "task_finished",
                "Task '" + id + "' has already finished (cancelled).");
    }

    @Test
    void outputOnlyOfARunningTaskIs202AndOfACancelledOne409WithTheState() throws Exception {
        String id = (String) json(api.post("/workflows/runs",
                "{\"workflow_id\":\"sleep\",\"input\":{\"seconds\":20},\"wait_for_completion\":false}").body())
                .get("task_id");
        HttpResponse<String> running = api.get("/tasks/" + id + "?output_only=true");
        assertThat(running.statusCode()).isEqualTo(202);
        assertThat(json(running.body())).containsEntry("task_id", id).containsEntry("workflow_id", "sleep")
                .containsKey("status").doesNotContainKeys("output", "error", "metadata");
        api.post("/tasks/" + id + "/cancel", "");
        HttpResponse<String> cancelled = api.get("/tasks/" + id + "?output_only=true");
        assertThat(cancelled.statusCode()).isEqualTo(409);
        assertThat(json(cancelled.body())).isEqualTo(Map.of("task_id", id, "status", "cancelled",
                "workflow_id", "sleep", "error", Map.of("code", "cancelled", "message", "cancelled by request")));
    }

    @Test
    void streamedOutputIsServedAsEventsAsTheyCome() throws Exception {
        HttpResponse<InputStream> response = api.postStreaming("/workflows/runs",
                "{\"workflow_id\":\"stream\",\"output_only\":true}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        String taskId = response.headers().firstValue("x-task-id").orElseThrow();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("data: first");
            // the first event arrived while the command still runs: the task is still streaming
            assertThat(json(api.get("/tasks/" + taskId).body())).containsEntry("status", "streaming");
            List<String> rest = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rest.add(line);
            }
            assertThat(String.join("\n", rest)).isEqualTo("data: \n\n"
                    + "data: two\ndata: \n\n"
                    + "data: lines\ndata: \n\n"
                    + "data: last\ndata: \n");
        }
        assertThat(awaitFinished(taskId)).containsEntry("output", "first\ntwo\nlines\nlast\n");
    }

    @Test
    void aStreamedOutputWithoutOutputOnlyIsJoined() throws Exception {
        HttpResponse<String> response = api.post("/workflows/runs", "{\"workflow_id\":\"stream\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).containsEntry("status", "completed")
                .containsEntry("output", "first\ntwo\nlines\nlast\n");
    }

    @Test
    void aClientThatDisconnectsCancelsTheRunAndItsProcess() throws Exception {
        HttpResponse<InputStream> response = api.postStreaming("/workflows/runs",
                "{\"workflow_id\":\"hang\",\"output_only\":true}");
        String taskId = response.headers().firstValue("x-task-id").orElseThrow();
        long pid;
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String first = reader.readLine();
        assertThat(first).startsWith("data: ");
        pid = Long.parseLong(first.substring(6).trim());
        assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
        reader.close();
        Map<String, Object> state = awaitFinished(taskId);
        assertThat(state).containsEntry("status", "cancelled");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("sleep %d alive", pid)
                .isFalse();
    }

    @Test
    void taskEventsTellJobStatesChunksAndTheEnd() throws Exception {
        String id = (String) json(api.post("/workflows/runs",
                "{\"workflow_id\":\"stream\",\"wait_for_completion\":false}").body()).get("task_id");
        HttpResponse<InputStream> events = api.getStreaming("/tasks/" + id + "/events");
        assertThat(events.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        String body = new String(events.body().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(body).contains("event: job\ndata: {\"job_id\":\"__job__\",\"state\":\"done\",\"elapsed_ms\":")
                .contains("event: chunk\ndata: {\"data\":\"last\\n\"}\n\n")
                .endsWith("event: task\ndata: {\"task_id\":\"" + id + "\",\"status\":\"completed\","
                        + "\"workflow_id\":\"stream\",\"output\":\"first\\ntwo\\nlines\\nlast\\n\"}\n\n");
    }

    @Test
    void aWatcherWhoComesAfterTheFirstChunkStillGetsItFirst() throws Exception {
        String id = (String) json(api.post("/workflows/runs",
                "{\"workflow_id\":\"late\",\"wait_for_completion\":false}").body()).get("task_id");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"streaming".equals(json(api.get("/tasks/" + id).body()).get("status")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        HttpResponse<InputStream> events = api.getStreaming("/tasks/" + id + "/events");
        String body = new String(events.body().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(body).contains("event: chunk\ndata: {\"data\":\"first\\n\"}\n\nevent: chunk\ndata: {\"data\":\"last\\n\"}\n\n")
                .endsWith("\"status\":\"completed\",\"workflow_id\":\"late\",\"output\":\"first\\nlast\\n\"}\n\n");
    }

    @Test
    void webPageIsServedUnderRoot() throws Exception {
        String root = api.base.substring(0, api.base.length() - "/api".length());
        HttpResponse<String> page = api.client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(root + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
        HttpResponse<String> config = api.client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(root + "/config.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(config.body()).isEqualTo("{\"api_base\":\"/api\"}");
    }

    Map<String, Object> awaitFinished(String id) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Map<String, Object> state = json(api.get("/tasks/" + id).body());
            Object status = state.get("status");
            if (List.of("completed", "failed", "cancelled").contains(status) || System.nanoTime() > deadline) {
                return state;
            }
            Thread.sleep(20);
        }
    }

    static void assertError(HttpResponse<String> response, int status, String code, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json(response.body())).isEqualTo(Map.of("error", Map.of("code", code, "message", message)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        try {
            return (Map<String, Object>) Json.parse(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
