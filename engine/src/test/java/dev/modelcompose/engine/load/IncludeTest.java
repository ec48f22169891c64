package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncludeTest {
    @TempDir
    Path dir;

    private String error(ComposeFixtures fixtures, String... files) {
        return assertThrows(ComposeException.class, () -> fixtures.read(files)).getMessage();
    }

    @Test
    void pullsComponentsAndWorkflowsAfterTheFilesOwn() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("compose.yml", """
                        include: [ lib/models.yml ]
                        controller: {}
                        components:
                          - id: local
                            type: shell
                        workflows:
                          - id: main
                            jobs: [ { component: embed } ]
                        """)
                .write("lib/models.yml", """
                        controller: { ignored: true }
                        components:
                          - id: embed
                            type: http-client
                        workflows:
                          - id: shared
                            jobs: [ { component: embed } ]
                        """);
        ReadDocument document = fixtures.read();
        assertThat(document.root().toPlain()).isEqualTo(Map.of(
                "controller", Map.of(),
                "components", List.of(Map.of("id", "local", "type", "shell"),
                        Map.of("id", "embed", "type", "http-client")),
                "workflows", List.of(
                        Map.of("id", "main", "jobs", List.of(Map.of("id", "__job__", "component", "embed"))),
                        Map.of("id", "shared", "jobs", List.of(Map.of("id", "__job__", "component", "embed"))))));
        assertThat(document.root().keys()).doesNotContain("include");
        assertThat(document.files()).containsExactly("compose.yml", "lib/models.yml");
        ConfigMap embed = (ConfigMap) ((ConfigList) document.root().get("components")).get(1);
        assertThat(embed.mark()).isEqualTo(new SourceMark("lib/models.yml", 3, 5));
    }

    @Test
    void includesNestAndPathsAreRelativeToTheIncludingFile() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("app/compose.yml", "include: shared/a.yml\ncomponents: [ { id: own } ]\n")
                .write("app/shared/a.yml", "include: [ ../../common/b.yml ]\ncomponent: { id: a }\n")
                .write("common/b.yml", "component: { type: shell }\nworkflow: { job: { component: a } }\n");
        ReadDocument document = fixtures.read("app/compose.yml");
        assertThat(document.root().toPlain()).isEqualTo(Map.of(
                "components", List.of(Map.of("id", "own"), Map.of("id", "a"),
                        Map.of("id", "__component__", "type", "shell")),
                "workflows", List.of(Map.of("id", "__workflow__",
                        "jobs", List.of(Map.of("id", "__job__", "component", "a"))))));
        assertThat(document.files()).containsExactly("app/compose.yml", "app/shared/a.yml", "common/b.yml");
        assertThat(document.baseDir()).isEqualTo(dir.resolve("app").toAbsolutePath().normalize());
    }

    @Test
    void aFileIncludedTwiceIsReadOnce() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("compose.yml", "include: [ a.yml, b.yml ]\n")
                .write("a.yml", "include: [ common.yml ]\n")
                .write("b.yml", "include: [ common.yml ]\n")
                .write("common.yml", "components: [ { id: c } ]\n");
        assertThat(fixtures.plain()).isEqualTo(Map.of("components", List.of(Map.of("id", "c"))));
    }

    @Test
    void anIdDefinedInTwoFilesIsAnError() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("a.yml", """
                        include: [ lib/b.yml ]
                        components:
                          - id: embed
                            type: shell
                        """)
                .write("lib/b.yml", """
                        # shared models
                        components:
                          - id: other
                            type: shell
                          - id: embed
                            type: http-client
                        """);
        assertThat(error(fixtures, "a.yml")).isEqualTo("lib/b.yml:5:5: components[1]: component 'embed' is "
                + "defined twice: a.yml:3:5 and lib/b.yml:5:5 (rename one of them)");
    }

    @Test
    void includeCyclesArePrinted() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("a.yml", "include: [ b.yml ]\n")
                .write("b.yml", "include:\n  - c.yml\n")
                .write("c.yml", "include: [ b.yml ]\n");
        assertThat(error(fixtures, "a.yml"))
                .isEqualTo("c.yml:1:12: include[0]: include cycle: b.yml -> c.yml -> b.yml");
        fixtures.write("self.yml", "include: [ ./self.yml ]\n");
        assertThat(error(fixtures, "self.yml"))
                .isEqualTo("self.yml:1:12: include[0]: include cycle: self.yml -> self.yml");
    }

    @Test
    void aMissingIncludedFileIsAnErrorAtTheEntry() {
        ComposeFixtures fixtures = new ComposeFixtures(dir).write("compose.yml", "include:\n  - lib/nope.yml\n");
        assertThat(error(fixtures)).isEqualTo("compose.yml:2:5: include[0]: included file 'lib/nope.yml' not "
                + "found (include paths are relative to the including file's folder)");
    }

    @Test
    void anIncludeEntryMustBeAPath() {
        ComposeFixtures fixtures = new ComposeFixtures(dir).write("compose.yml", "include: [ { file: a.yml } ]\n");
        assertThat(error(fixtures)).isEqualTo("compose.yml:1:12: include[0]: an include entry must be a file "
                + "path, found a mapping (include: [ shared/models.yml, ... ])");
    }
}
