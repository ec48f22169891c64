package dev.modelcompose.engine.load;

import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.WorkflowSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code docs/examples/jobs-*} compose file loads through reader, schema check and binder. */
class DocsExamplesBindTest {
    private static final Path EXAMPLES = Path.of("../docs/examples");

    static ComposeFile load(Path file) {
        LoadOptions options = new LoadOptions(List.of(file.getFileName()), file.getParent(), List.of(), Map.of(),
                Map.of());
        return new ComposeLoader(StandInComponentTypes.shellHttpClientWorkflow()).load(options);
    }

    @TestFactory
    Stream<DynamicTest> jobExamplesBind() throws IOException {
        if (!Files.isDirectory(EXAMPLES)) {
            return Stream.empty();
        }
        try (Stream<Path> folders = Files.list(EXAMPLES)) {
            return folders.filter(f -> f.getFileName().toString().startsWith("jobs-")).sorted().toList().stream()
                    .map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
                        ComposeFile file = load(folder.resolve("compose.yml"));
                        assertThat(file.workflows()).hasSize(1);
                        assertThat(folder.resolve("input.json")).exists();
                        assertThat(folder.resolve("expected.json")).exists();
                        assertThat(Files.readString(EXAMPLES.resolve("../file-reference.md")))
                                .as("docs/file-reference.md shows %s", folder)
                                .contains("```yaml\n" + Files.readString(folder.resolve("compose.yml")) + "```");
                    }));
        }
    }

    @Test
    void filterJobCompilesItsWhereOverItem() {
        ComposeFile file = load(EXAMPLES.resolve("jobs-filter/compose.yml"));
        WorkflowSpec workflow = file.workflow(null).orElseThrow();
        JobBody.Filter names = (JobBody.Filter) workflow.job("names").orElseThrow().body();
        assertThat(names.where().test(Scope.of("item", Map.of("name", "test-bot")))).isFalse();
        assertThat(names.where().test(Scope.of("item", Map.of("name", "ada")))).isTrue();
        assertThat(names.input().referencedJobs()).containsExactly("passed");
        JobBody.Filter passed = (JobBody.Filter) workflow.job("passed").orElseThrow().body();
        assertThat(passed.where().test(Scope.of("item", Map.of("score", 50)))).isTrue();
        assertThat(passed.where().test(Scope.of("item", Map.of("score", 49)))).isFalse();
    }
}
