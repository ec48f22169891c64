package dev.modelcompose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelcompose.engine.value.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quickstart, examples/local-rag, as the README runs it on a bare machine (no chat model configured): the first
 * {@code ask} indexes the corpus, and the top passage for each known question comes from the right page.
 */
class LocalRagIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "local-rag").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void askFindsTheRightPageForKnownQuestions() throws IOException {
        copyExample();
        assertThat(dir.resolve(".compose")).doesNotExist();

        JsonNode first = ask("How do I stream tokens to the browser?");
        assertThat(first.get("answer").isNull()).as("no chat model configured: no answer in words").isTrue();
        assertThat(first.get("passages")).hasSize(4);
        assertThat(first.at("/passages/0/source").asText()).isEqualTo("corpus/web-ui.md");
        assertThat(first.at("/passages/0/score").asDouble()).isBetween(0.0, 1.0);
        assertThat(first.at("/passages/0/text").asText()).contains("browser");
        assertThat(dir.resolve(".compose/vectors/local-rag")).isDirectory();

        assertThat(ask("How do I give a default value to a binding?").at("/passages/0/source").asText())
                .isEqualTo("corpus/bindings.md");
        assertThat(ask("How do I cancel a running task over HTTP?").at("/passages/0/source").asText())
                .isEqualTo("corpus/http-api.md");
        assertThat(ask("How do I run a local server such as vLLM and call it?").at("/passages/0/source").asText())
                .isEqualTo("corpus/components.md");
    }

    @Test
    void ingestPrintsOneProgressLinePerDocumentAndReplacesOldChunks() throws IOException {
        copyExample();
        Files.writeString(dir.resolve("corpus/empty.md"), "");
        String once = run("ingest", "{}");
        String twice = run("ingest", "{\"paths\": [\"corpus/web-ui.md\"]}");
        List<String> lines = once.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(2)).isEqualTo("{\"document\":\"corpus/empty.md\",\"chunks\":0}");
        assertThat(lines.get(4)).startsWith("{\"document\":\"corpus/web-ui.md\",\"chunks\":");
        assertThat(twice.strip()).isEqualTo(lines.get(4));
        JsonNode hits = ask("What does the form on the web page show?").get("passages");
        assertThat(hits.findValuesAsText("source")).containsOnly("corpus/web-ui.md");
        assertThat(hits.findValuesAsText("text")).doesNotHaveDuplicates();
    }

    private JsonNode ask(String question) throws IOException {
        return Json.MAPPER.readTree(run("ask", Json.write(Map.of("question", question))));
    }

    private String run(String workflow, String input) {
        CliRun run = CliRun.execute(dir, Map.of(), "run", "-f", "compose.yml", workflow, "--input", input);
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        return run.out();
    }

    private void copyExample() throws IOException {
        Files.copy(EXAMPLE.resolve("compose.yml"), dir.resolve("compose.yml"));
        Files.createDirectories(dir.resolve("corpus"));
        try (Stream<Path> pages = Files.list(EXAMPLE.resolve("corpus"))) {
            for (Path page : pages.toList()) {
                Files.copy(page, dir.resolve("corpus").resolve(page.getFileName()));
            }
        }
    }
}
