package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentMergeTest {
    @TempDir
    Path dir;

    @Test
    void conformanceC3ListsReplacedMappingsMerged() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("a.yml", "items: [1, 2, 3]\nc: { port: 8080, host: x }\n")
                .write("b.yml", "items: [4, 5]\nc: { port: 9090 }\n");
        assertThat(fixtures.plain("a.yml", "b.yml")).isEqualTo(Map.of(
                "items", List.of(4, 5), "c", Map.of("port", 9090, "host", "x")));
    }

    @Test
    void listsOfObjectsWithIdsMergeById() {
        ComposeFixtures fixtures = new ComposeFixtures(dir).copy("base.yml", "base.yml")
                .copy("override.yml", "override.yml");
        ReadDocument document = fixtures.read("base.yml", "override.yml");
        assertThat(document.root().toPlain()).isEqualTo(Map.of(
                "components", List.of(
                        Map.of("id", "model", "type", "http-client", "base_url", "http://models.internal:9000",
                                "headers", Map.of("Accept", "application/json", "X-Team", "research")),
                        Map.of("id", "extra", "type", "shell", "command", List.of("date"))),
                "workflows", List.of(Map.of(
                        "id", "main",
                        "jobs", List.of(
                                Map.of("id", "ask", "component", "model", "input", Map.of("q", "${input.q}")),
                                Map.of("id", "tidy", "component", "model", "depends_on", List.of("ask", "extra-job")),
                                Map.of("id", "extra-job", "component", "extra")),
                        "output", "${jobs.tidy.output}")),
                "tags", List.of("z")));
        assertThat(document.files()).containsExactly("base.yml", "override.yml");
        assertThat(document.baseDir()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void winningValuesKeepTheirFile() {
        ComposeFixtures fixtures = new ComposeFixtures(dir).copy("base.yml", "base.yml")
                .copy("override.yml", "sub/override.yml");
        ConfigMap root = fixtures.read("base.yml", "sub/override.yml").root();
        ConfigMap model = (ConfigMap) ((ConfigList) root.get("components")).get(0);
        assertThat(model.get("base_url").mark()).isEqualTo(new SourceMark("sub/override.yml", 3, 15));
        assertThat(model.get("type").mark()).isEqualTo(new SourceMark("base.yml", 3, 9));
        assertThat(((ConfigMap) model.get("headers")).get("Accept").mark().file()).isEqualTo("base.yml");
        assertThat(((ConfigMap) model.get("headers")).get("X-Team").mark().file()).isEqualTo("sub/override.yml");
        assertThat(root.get("tags").mark().file()).isEqualTo("sub/override.yml");
    }

    @Test
    void singularInOneFileMergesWithPluralInAnother() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("a.yml", "component:\n  type: shell\n  command: [ echo, a ]\n")
                .write("b.yml", "components:\n  - id: __component__\n    timeout: 5s\n");
        assertThat(fixtures.plain("a.yml", "b.yml")).isEqualTo(Map.of("components", List.of(Map.of(
                "id", "__component__", "type", "shell", "command", List.of("echo", "a"), "timeout", "5s"))));
    }

    @Test
    void scalarsAndMismatchedKindsAreReplaced() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("a.yml", "a: 1\nb: { x: 1 }\nc: [ { id: p } ]\nd: keep\n")
                .write("b.yml", "a: two\nb: [ 1 ]\nc: [ plain ]\ne: null\n");
        assertThat(fixtures.plain("a.yml", "b.yml")).isEqualTo(new java.util.LinkedHashMap<>(Map.of(
                "a", "two", "b", List.of(1), "c", List.of("plain"), "d", "keep")) {
            {
                put("e", null);
            }
        });
    }
}
