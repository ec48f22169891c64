package dev.modelcompose.engine.binding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelcompose.engine.value.Json;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders the workflow output of every {@code docs/examples/binding-*} example against its input.json and compares
 * with expected.json. The examples' jobs are delays (output null), so the output template alone decides the result.
 */
class BindingExamplesTest {
    static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @Test
    void everyBindingExampleRendersItsExpectedOutput() throws IOException {
        List<Path> examples;
        try (Stream<Path> folders = Files.list(EXAMPLES)) {
            examples = folders.filter(p -> p.getFileName().toString().startsWith("binding-")).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
        for (Path example : examples) {
            assertThat(render(example)).as(example.toString())
                    .isEqualTo(Json.MAPPER.readTree(example.resolve("expected.json").toFile()));
        }
    }

    @Test
    void theDocsPageShowsEachExampleVerbatim() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "bindings.md"));
        try (Stream<Path> folders = Files.list(EXAMPLES)) {
            for (Path example : folders.filter(p -> p.getFileName().toString().startsWith("binding-")).toList()) {
                assertThat(page).as(example.toString())
                        .contains("```yaml\n" + Files.readString(example.resolve("compose.yml")) + "```");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static JsonNode render(Path example) throws IOException {
        Object document = new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(example.resolve("compose.yml")));
        Map<String, Object> workflow = (Map<String, Object>) ((Map<String, Object>) document).get("workflow");
        Map<String, Object> jobs = new LinkedHashMap<>();
        for (Object job : (List<Object>) workflow.get("jobs")) {
            jobs.put((String) ((Map<String, Object>) job).get("id"), map("output", null));
        }
        Template output = Template.compile(Nodes.of(workflow.get("output"), "workflow.output",
                new dev.modelcompose.engine.load.SourceMark(example.resolve("compose.yml").toString(), 1, 1)),
                Sources.WORKFLOW);
        Object input = Json.parse(Files.readString(example.resolve("input.json")));
        Object rendered = output.render(Scope.of(map("input", input, "jobs", jobs, "context", map(), "env", map())));
        return Json.MAPPER.readTree(Json.write(rendered));
    }
}
