package dev.modelcompose.cli.controller;

import dev.modelcompose.engine.value.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.modelcompose.cli.controller.ControllerIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Run requests sent as urlencoded and multipart forms. */
class ControllerFormsIT {
    static final String FILE = """
            controller:
              adapter: { port: 0, base_path: /api, max_body_size: 4K }
            components:
              - id: echo-input
                type: shell
                action:
                  command: [printf, "%s", "${input}"]
                  output: ${result.stdout}
            workflows:
              - id: echo
                jobs:
                  - component: echo-input
                    input: ${input}
            """;
    static final String FORM = "application/x-www-form-urlencoded";

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
    void urlencodedKeysNestAndAppendToLists() throws Exception {
        HttpResponse<String> response = api.postAsIs("/workflows/runs", "workflow_id=echo&input[prompt]=hi%20there"
                + "&input[tags][]=a&input[tags][]=b&input[opts][n]=5&wait_for_completion=true&output_only=true",
                "Content-Type", FORM);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.parse((String) Json.parse(response.body()))).isEqualTo(Map.of(
                "prompt", "hi there", "tags", List.of("a", "b"), "opts", Map.of("n", "5")));
    }

    @Test
    void aJsonLookingUrlencodedBodyIsReadAsJson() throws Exception {
        HttpResponse<String> response = api.postAsIs("/workflows/runs",
                "  {\"workflow_id\":\"echo\",\"input\":{\"n\":5},\"output_only\":true}", "Content-Type", FORM);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("\"{\\\"n\\\":5}\"");
    }

    @Test
    void aFormFlagMustBeTrueOrFalse() throws Exception {
        assertError(api.postAsIs("/workflows/runs", "workflow_id=echo&output_only=yes", "Content-Type", FORM),
                400, "bad_request", "output_only: expected true or false, got \"yes\"");
    }

    @Test
    void malformedFormKeysGet400() throws Exception {
        assertError(api.postAsIs("/workflows/runs", "workflow_id=echo&input[a=1", "Content-Type", FORM),
                400, "bad_request", "Malformed form key 'input[a': '[' at position 6 is not closed "
                        + "(write nested keys as input[name] and list items as input[tags][]).");
        assertError(api.postAsIs("/workflows/runs", "input[a]=1&input[a]=2", "Content-Type", FORM),
                400, "bad_request", "Form key 'input[a]' is given twice (end it with [] for a list).");
        assertError(multipart("input[a", "text/plain", null, "x".getBytes(StandardCharsets.UTF_8)),
                400, "bad_request", "Malformed form key 'input[a': '[' at position 6 is not closed "
                        + "(write nested keys as input[name] and list items as input[tags][]).");
    }

    @Test
    void multipartFieldsAndFilesReachTheWorkflow() throws Exception {
        byte[] doc = {0, 1, 2, (byte) 0xff, 'h', 'i'};
        String boundary = "----formsboundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "workflow_id", null, null, "echo".getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "output_only", null, null, "true".getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "input[title]", null, null, "Report".getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "input[doc]", "notes.bin", "application/octet-stream", doc);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        List<Path> before = uploads();
        HttpResponse<String> response = send(boundary, body.toByteArray());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.parse((String) Json.parse(response.body()))).isEqualTo(Map.of("title", "Report",
                "doc", Map.of("filename", "notes.bin", "content_type", "application/octet-stream", "size", 6,
                        "data", Base64.getEncoder().encodeToString(doc))));
        assertThat(uploads()).as("uploaded temp files are deleted once read").isSubsetOf(before);
    }

    @Test
    void multipartBodiesOverTheLimitGet413() throws Exception {
        assertError(multipart("input[doc]", "big.txt", "text/plain", "x".repeat(8000).getBytes(StandardCharsets.UTF_8)),
                413, "payload_too_large", "The request body is larger than the limit of 4096 bytes.");
    }

    private static List<Path> uploads() throws Exception {
        Path uploads = Path.of(System.getProperty("java.io.tmpdir"), "model-compose-uploads");
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (var files = Files.list(uploads)) {
            return files.toList();
        }
    }

    private static HttpResponse<String> multipart(String name, String filename, String type, byte[] data)
            throws Exception {
        String boundary = "----formsboundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "workflow_id", null, null, "echo".getBytes(StandardCharsets.UTF_8));
        part(body, boundary, name, filename, type, data);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(boundary, body.toByteArray());
    }

    private static HttpResponse<String> send(String boundary, byte[] body) throws Exception {
        return api.client.send(HttpRequest.newBuilder(URI.create(api.base + "/workflows/runs"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String filename, String type,
                             byte[] data) {
        StringBuilder head = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"");
        if (filename != null) {
            head.append("; filename=\"").append(filename).append("\"");
        }
        head.append("\r\n");
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        head.append("\r\n");
        body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
