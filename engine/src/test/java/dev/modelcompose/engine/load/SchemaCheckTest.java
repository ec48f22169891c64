package dev.modelcompose.engine.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaCheckTest {

    private static List<String> problems(String yaml) {
        return SchemaCheck.problems(FixtureYaml.read(yaml, "c.yml").root()).stream().map(Problem::format).toList();
    }

    @Test
    void extensionKeysAreAllowedEverywhere() {
        assertThat(problems("""
                x-top: 1
                controller: {adapter: {type: http-server, x-a: 1}, x-b: 2}
                component:
                  type: shell
                  x-c: 3
                  action: {command: [echo], x-d: 4}
                workflow:
                  x-e: 5
                  job: {component: __default__, x-f: 6, retry: {max_attempt_count: 2, x-g: 7}}
                """)).isEmpty();
    }

    @Test
    void singularFormsAndShorthandsValidateAsWritten() {
        assertThat(problems("""
                controller: {type: http-server, port: 8080, base_path: /api, origins: "*", api_key: k}
                component: {type: shell, command: [echo, hi]}
                workflow:
                  jobs:
                    - {id: a, retry: 3, on_error: IGNORE, timeout: 1.5}
                    - {id: b, depends_on: a, on_error: {to: a}}
                    - {id: c, type: if, input: "${input.n}", operator: gt, value: 1, if_true: a, if_false: b}
                    - {id: d, type: switch, value: x, then: a}
                    - {id: e, type: delay, duration: 1m30s}
                    - {id: f, type: filter, input: [1, 2], where: {all: [{input: "${item}", operator: gte, value: 2}]}}
                """)).isEmpty();
    }

    @Test
    void wrongShapeNamesBothKinds() {
        assertThat(problems("""
                workflow:
                  jobs: {a: 1}
                """)).containsExactly("c.yml:2:9: workflow.jobs: expected a list, got a mapping");
    }

    @Test
    void anUnknownKeyInsideAnInlineComponentIsFound() {
        assertThat(problems("""
                workflow:
                  job:
                    component: {type: shell, comand: [echo]}
                """)).containsExactly(
                "c.yml:3:30: workflow.job.component: unknown key 'comand' (did you mean 'command'?)");
    }

    @Test
    void atMostTwentyProblemsAreListed() {
        StringBuilder yaml = new StringBuilder("workflow:\n  jobs:\n");
        for (int i = 0; i < 25; i++) {
            yaml.append("    - {id: j").append(i).append(", retyr: 1}\n");
        }
        List<String> problems = problems(yaml.toString());
        assertThat(problems).hasSize(21);
        assertThat(problems.get(0)).isEqualTo("c.yml:3:16: workflow.jobs[0]: unknown key 'retyr' (did you mean 'retry'?)");
        assertThat(problems.get(20)).isEqualTo("c.yml:1:1: ... and 5 more problems");
    }

    @Test
    void validateThrowsWithEveryProblem() {
        ReadDocument document = FixtureYaml.read("workflow: {timeout: soon, titel: x}\n", "c.yml");
        assertThatThrownBy(() -> SchemaCheck.validate(document, List.of("shell")))
                .isInstanceOf(ComposeException.class)
                .hasMessage("c.yml:1:21: workflow.timeout: expected a duration such as 500ms, 2s, 1m30s or a number"
                        + " of seconds, got a string (\"soon\")\n"
                        + "c.yml:1:27: workflow: unknown key 'titel' (did you mean 'title'?)");
    }
}
