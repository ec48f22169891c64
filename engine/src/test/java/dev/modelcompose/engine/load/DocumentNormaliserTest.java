package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentNormaliserTest {
    @TempDir
    Path dir;

    private ConfigMap fixture(String resource) {
        return new ComposeFixtures(dir).copy(resource, "compose.yml").read().root();
    }

    @Test
    void singularKeysBecomePluralListsWithPlaceholderIds() {
        ConfigMap root = fixture("shorthands.yml");
        assertThat(root.keys()).containsExactly("controller", "components", "workflows");
        assertThat(root.get("controller").toPlain()).isEqualTo(Map.of(
                "adapters", List.of(Map.of("type", "http-server", "port", 8080))));
        assertThat(root.get("components").toPlain()).isEqualTo(List.of(Map.of(
                "id", "__component__",
                "type", "shell",
                "actions", List.of(Map.of(
                        "id", "__action__",
                        "command", List.of("echo", "${input.label}"),
                        "output", "${result.stdout}")))));
        ConfigMap job = (ConfigMap) ((ConfigMap) ((ConfigList) ((ConfigMap) ((ConfigList) root.get("workflows"))
                .get(0)).get("jobs")).get(0));
        assertThat(job.toPlain()).isEqualTo(Map.of(
                "id", "__job__",
                "component", "echo",
                "retry", Map.of("max_attempt_count", 3),
                "on_error", Map.of(),
                "depends_on", List.of("first")));
        assertThat(job.keys()).containsExactly("id", "component", "retry", "on_error", "depends_on");
    }

    @Test
    void normalisedNodesKeepWhereTheyWereWritten() {
        ConfigMap root = fixture("shorthands.yml");
        ConfigList components = (ConfigList) root.get("components");
        assertThat(components.path()).isEqualTo("component");
        assertThat(root.keyMark("components")).isEqualTo(new SourceMark("compose.yml", 5, 1));
        ConfigMap component = (ConfigMap) components.get(0);
        assertThat(component.get("type").mark()).isEqualTo(new SourceMark("compose.yml", 6, 9));
        assertThat(component.get("type").path()).isEqualTo("component.type");
        ConfigMap job = (ConfigMap) ((ConfigList) ((ConfigMap) ((ConfigList) root.get("workflows")).get(0))
                .get("jobs")).get(0);
        ConfigNode attempts = ((ConfigMap) job.get("retry")).get("max_attempt_count");
        assertThat(attempts.mark()).isEqualTo(new SourceMark("compose.yml", 13, 12));
        assertThat(attempts.path()).isEqualTo("workflow.job.retry");
    }

    @Test
    void inlineIfAndSwitchConditionsBecomeLists() {
        ConfigMap root = fixture("routing.yml");
        ConfigList jobs = (ConfigList) ((ConfigMap) ((ConfigList) root.get("workflows")).get(0)).get("jobs");
        ConfigMap check = (ConfigMap) jobs.get(0);
        assertThat(check.keys()).containsExactly("id", "type", "input", "conditions");
        assertThat(check.get("conditions").toPlain()).isEqualTo(List.of(Map.of(
                "operator", "gt", "value", 3, "if_true", "big", "if_false", "small")));
        ConfigMap pick = (ConfigMap) jobs.get(1);
        assertThat(pick.keys()).containsExactly("id", "type", "input", "cases", "otherwise");
        assertThat(pick.get("cases").toPlain()).isEqualTo(List.of(Map.of("value", "a", "then", "big")));
        ConfigMap small = (ConfigMap) jobs.get(3);
        assertThat(small.get("component").toPlain()).isEqualTo(Map.of("type", "shell", "actions", List.of(
                Map.of("id", "__action__", "command", List.of("echo", "small")))));
        assertThat(small.get("on_error").toPlain()).as("other strings are left for the schema").isEqualTo("skip");
        ConfigMap big = (ConfigMap) jobs.get(2);
        assertThat(big.has("type")).as("an absent type stays absent").isFalse();
        ConfigMap echo = (ConfigMap) ((ConfigList) root.get("components")).get(0);
        assertThat(echo.keys()).as("action fields at component level stay there")
                .containsExactly("id", "type", "command");
    }

    @Test
    void inlineConditionAndConditionsTogetherIsAnError() {
        ComposeFixtures fixtures = new ComposeFixtures(dir).write("compose.yml", """
                workflow:
                  jobs:
                    - id: a
                      type: if
                      operator: eq
                      conditions: []
                """);
        assertThat(assertThrows(ComposeException.class, fixtures::read).getMessage()).isEqualTo(
                "compose.yml:5:7: workflow.jobs[0]: give either 'conditions' or the inline "
                        + "operator/value/if_true/if_false fields, not both");
    }

    @Test
    void bothSingularAndPluralIsAnError() {
        ComposeFixtures fixtures = new ComposeFixtures(dir).write("compose.yml", """
                component:
                  type: shell
                components:
                  - id: b
                """);
        assertThat(assertThrows(ComposeException.class, fixtures::read).getMessage()).isEqualTo(
                "compose.yml:1:1: component: both 'component' and 'components' are given "
                        + "(use one: put every item under 'components')");
    }

    @Test
    void severalItemsWithoutIdGetNoPlaceholder() {
        ConfigMap root = new ComposeFixtures(dir).write("compose.yml", """
                workflows:
                  - jobs: [ { component: a }, { component: b } ]
                  - jobs: [ { component: c } ]
                """).read().root();
        assertThat(root.toPlain()).isEqualTo(Map.of("workflows", List.of(
                Map.of("jobs", List.of(Map.of("component", "a"), Map.of("component", "b"))),
                Map.of("jobs", List.of(Map.of("id", "__job__", "component", "c"))))));
    }

    @Test
    void retryThatIsNotAnIntegerIsLeftForTheSchema() {
        ConfigMap root = new ComposeFixtures(dir).write("compose.yml",
                "workflow:\n  job:\n    retry: three\n    depends_on: [a]\n").read().root();
        ConfigMap job = (ConfigMap) ((ConfigList) ((ConfigMap) ((ConfigList) root.get("workflows")).get(0))
                .get("jobs")).get(0);
        assertThat(job.get("retry").toPlain()).isEqualTo("three");
        assertThat(job.get("depends_on").toPlain()).isEqualTo(List.of("a"));
    }
}
