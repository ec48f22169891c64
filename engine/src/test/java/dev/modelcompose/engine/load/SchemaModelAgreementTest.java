package dev.modelcompose.engine.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema and the Java model agree: every example file validates against the schema as written, and every field
 * the binder reads is declared in the schema at the same place (and, for workflows and jobs, the other way round).
 */
class SchemaModelAgreementTest {
    private static final JsonNode SCHEMA = SchemaCheck.schemaTree();
    private static final Set<String> IF_INLINE = Set.of("operator", "value", "if_true", "if_false");
    private static final Set<String> SWITCH_INLINE = Set.of("value", "then");

    @TestFactory
    Stream<DynamicTest> everyExampleValidatesAgainstTheSchema() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path folder : List.of(Path.of("../examples"), Path.of("../docs/examples"))) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> walk = Files.walk(folder)) {
                    walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                            .sorted().forEach(files::add);
                }
            }
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            List<Problem> problems = SchemaCheck.problems(FixtureYaml.read(file).root());
            assertThat(problems).as("problems in %s", file).isEmpty();
            assertThat(Files.readAllLines(file).get(0)).as("first line of %s", file)
                    .startsWith("# yaml-language-server: $schema=");
        }));
    }

    @Test
    void validFixturesValidateInTheirWrittenForm() throws Exception {
        Path folder = Path.of(getClass().getResource("/schema/valid").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                assertThat(SchemaCheck.problems(FixtureYaml.read(file).root())).as(file.toString()).isEmpty();
            }
        }
    }

    @Test
    void topLevelKeys() {
        assertThat(properties(SCHEMA)).containsAll(ComposeFields.ROOT);
        assertThat(minus(properties(SCHEMA), Set.of("component", "workflow"))).containsExactlyInAnyOrderElementsOf(
                ComposeFields.ROOT);
    }

    @Test
    void workflowFields() {
        assertThat(minus(properties(def("workflow")), Set.of("job")))
                .containsExactlyInAnyOrderElementsOf(ComposeFields.WORKFLOW);
    }

    @Test
    void jobTypesAndTheirFields() {
        List<String> types = new ArrayList<>();
        def("job").at("/properties/type/enum").forEach(t -> types.add(t.asText()));
        assertThat(types).containsExactlyElementsOf(ComposeFields.JOB_TYPE.keySet());
        ComposeFields.JOB_TYPE.forEach((type, fields) -> {
            Set<String> expected = new HashSet<>(ComposeFields.JOB_COMMON);
            expected.addAll(fields);
            Set<String> declared = properties(def("job-" + type));
            Set<String> inline = type.equals("if") ? IF_INLINE : type.equals("switch") ? SWITCH_INLINE : Set.of();
            assertThat(minus(declared, inline)).as("fields of %s jobs", type)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(def("job-" + type).at("/properties/type/const").asText()).isEqualTo(type);
        });
    }

    @Test
    void nestedJobFields() {
        for (String type : ComposeFields.JOB_TYPE.keySet()) {
            JsonNode job = def("job-" + type);
            assertThat(properties(job.at("/properties/retry"))).containsExactlyInAnyOrderElementsOf(ComposeFields.RETRY);
            assertThat(properties(job.at("/properties/on_error")))
                    .containsExactlyInAnyOrderElementsOf(ComposeFields.ON_ERROR);
        }
        assertThat(properties(def("job-if").at("/properties/conditions/items")))
                .containsExactlyInAnyOrderElementsOf(ComposeFields.IF_CONDITION);
        assertThat(properties(def("job-switch").at("/properties/cases/items")))
                .containsExactlyInAnyOrderElementsOf(ComposeFields.SWITCH_CASE);
        assertThat(properties(def("job-random-router").at("/properties/routings/items")))
                .containsExactlyInAnyOrderElementsOf(ComposeFields.ROUTING);
        assertThat(properties(def("job-for-each").at("/properties/do")))
                .containsExactlyInAnyOrderElementsOf(ComposeFields.FOR_EACH_DO);
    }

    @Test
    void everyComponentTypeDeclaresTheCommonComponentAndActionFields() {
        List<String> types = new ArrayList<>();
        def("component").at("/properties/type/enum").forEach(t -> types.add(t.asText()));
        assertThat(types).contains("shell", "http-client", "http-server", "workflow", "model", "vector-store",
                "text-splitter");
        for (String type : types) {
            assertThat(properties(def("component-" + type))).as(type).containsAll(ComposeFields.COMPONENT_COMMON);
            assertThat(properties(def("action-" + type))).as(type).containsAll(ComposeFields.ACTION_COMMON);
        }
    }

    private static JsonNode def(String name) {
        JsonNode node = SCHEMA.at("/$defs/" + name);
        assertThat(node.isMissingNode()).as("schema $defs/%s", name).isFalse();
        return node;
    }

    private static Set<String> properties(JsonNode schema) {
        Set<String> names = new HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> minus(Set<String> all, Set<String> removed) {
        Set<String> rest = new HashSet<>(all);
        rest.removeAll(removed);
        return rest;
    }
}
