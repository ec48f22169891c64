package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvInterpolationTest {
    @TempDir
    Path dir;

    private Map<String, Object> read(String text, Map<String, String> env) {
        return cast(new ComposeFixtures(dir).write("compose.yml", text).read(env).root().toPlain());
    }

    private Object value(String yamlValue, Map<String, String> env) {
        return read("v: " + yamlValue + "\n", env).get("v");
    }

    private String error(String text, Map<String, String> env) {
        ComposeFixtures fixtures = new ComposeFixtures(dir).write("compose.yml", text);
        return assertThrows(ComposeException.class, () -> fixtures.read(env)).getMessage();
    }

    @Test
    void envSourceForm() {
        assertThat(value("${env.HOST}", Map.of("HOST", "example.org"))).isEqualTo("example.org");
        assertThat(value("\"http://${env.HOST}/v1\"", Map.of("HOST", "h"))).isEqualTo("http://h/v1");
        assertThat(value("${env.HOST | localhost}", Map.of())).isEqualTo("localhost");
        assertThat(value("${ env.HOST|localhost }", Map.of())).isEqualTo("localhost");
        assertThat(value("'${env.MODEL | \"gpt 4o\"}'", Map.of())).isEqualTo("gpt 4o");
    }

    @Test
    void conformanceC1DefaultIsRetyped() {
        assertThat(value("${env.PORT|9090}", Map.of())).isEqualTo(9090);
        assertThat(value("${env.PORT|9090}", Map.of("PORT", "8080"))).isEqualTo(8080);
    }

    @Test
    void dockerForms() {
        Map<String, String> env = Map.of("SET", "value", "EMPTY", "");
        assertThat(value("${SET}", env)).isEqualTo("value");
        assertThat(value("a-${SET}-b", env)).isEqualTo("a-value-b");
        assertThat(value("${UNSET:-fallback}", env)).isEqualTo("fallback");
        assertThat(value("${EMPTY:-fallback}", env)).isEqualTo("fallback");
        assertThat(value("${SET:-fallback}", env)).isEqualTo("value");
        assertThat(value("${UNSET-fallback}", env)).isEqualTo("fallback");
        assertThat(value("\"${EMPTY-fallback}\"", env)).isEqualTo("");
        assertThat(value("${SET:?needed}", env)).isEqualTo("value");
        assertThat(value("${SET:+alt}", env)).isEqualTo("alt");
        assertThat(value("\"${EMPTY:+alt}\"", env)).isEqualTo("");
        assertThat(value("${EMPTY+alt}", env)).isEqualTo("alt");
        assertThat(value("${UNSET:-${SET}}", env)).isEqualTo("value");
    }

    @Test
    void requiredVariableErrorsCarryTheMessage() {
        assertThat(error("token: ${TOKEN:?create one at example.org/tokens}\n", Map.of()))
                .isEqualTo("compose.yml:1:8: token: environment variable 'TOKEN' is not set: create one at "
                        + "example.org/tokens");
        assertThat(error("token: ${TOKEN:?}\n", Map.of("TOKEN", "")))
                .isEqualTo("compose.yml:1:8: token: environment variable 'TOKEN' is empty");
    }

    @Test
    void unsetVariableErrorNamesFileLineAndPath() {
        assertThat(error("""
                components:
                  - id: api
                    base_url: ${API_URL}
                """, Map.of())).isEqualTo("compose.yml:3:15: components[0].base_url: environment variable "
                + "'API_URL' is not set (set it in the environment or .env, or give a default: ${API_URL:-default})");
        assertThat(error("key: ${env.API_KEY}\n", Map.of())).isEqualTo("compose.yml:1:6: key: environment "
                + "variable 'API_KEY' is not set (set it in the environment or .env, or give a default: "
                + "${env.API_KEY | default})");
    }

    @Test
    void secretsNeverAppearInErrors() {
        String message = error("a: ${SECRET}\nb: ${MISSING}\n", Map.of("SECRET", "hunter2"));
        assertThat(message).contains("MISSING").doesNotContain("hunter2");
    }

    @Test
    void runtimeBindingsStayUntouched() {
        Map<String, String> env = Map.of("input", "X", "item", "X", "jobs", "X", "result", "X");
        for (String binding : List.of("${input.x}", "${input}", "${item}", "${index}", "${result[]}",
                "${jobs.a.output | 3}", "${output}", "${response.text}", "${error.message}", "${context.id}",
                "${job.input}", "${env}", "${input.n as integer | 5}", "${item}-${index}",
                "${input.a | ${input.b | deep}}", "${jobs.score.output > 0.8 && input.strict}", "${input.x")) {
            assertThat(value("\"" + binding + "\"", env)).as(binding).isEqualTo(binding);
        }
    }

    @Test
    void plainWholeReferencesAreRetyped() {
        Map<String, String> env = Map.of("PORT", "8080", "DEBUG", "true", "RATIO", "0.5", "NAME", "ada");
        assertThat(value("${PORT}", env)).isEqualTo(8080);
        assertThat(value("${PORT:-1}", Map.of())).isEqualTo(1);
        assertThat(value("${DEBUG}", env)).isEqualTo(true);
        assertThat(value("${RATIO}", env)).isEqualTo(0.5);
        assertThat(value("${NAME}", env)).isEqualTo("ada");
        assertThat(value("\"${PORT}\"", env)).isEqualTo("8080");
        assertThat(value("'${PORT}'", env)).isEqualTo("8080");
        assertThat(value("${PORT}0", env)).isEqualTo("80800");
        assertThat(value("${env.PORT | \"9090\"}", Map.of())).isEqualTo("9090");
    }

    @Test
    void keysAndCommentsAreNotInterpolated() {
        Map<String, Object> plain = read("""
                # ${MISSING} in a comment is fine
                ${KEY}: value   # ${ALSO_MISSING}
                """, Map.of());
        assertThat(plain).containsEntry("${KEY}", "value");
    }

    @Test
    void dollarDollarEscapes() {
        assertThat(value("\"cost: $$5\"", Map.of())).isEqualTo("cost: $5");
        assertThat(value("$$$$", Map.of())).isEqualTo("$$");
        assertThat(value("\"$${NOT_ENV} and $${input.x | ${env.NOPE}}\"", Map.of()))
                .as("$${ is kept for the binding layer, which reads it as a literal ${")
                .isEqualTo("$${NOT_ENV} and $${input.x | ${env.NOPE}}");
        assertThat(value("a$b", Map.of())).isEqualTo("a$b");
        assertThat(value("\"$\"", Map.of())).isEqualTo("$");
    }

    @Test
    void variableValuesAreLiteralTextNeverBindings() {
        Map<String, String> env = Map.of("PASSWORD", "pa${input.x}ss", "RAW", "${");
        assertThat(value("${PASSWORD}", env)).isEqualTo("pa$${input.x}ss");
        assertThat(value("\"${env.RAW}\"", env)).isEqualTo("$${");
        assertThat(value("${NOPE:-${input.model}}", env)).as("a default may be a binding")
                .isEqualTo("${input.model}");
    }

    @Test
    void everyIncludedAndMergedFileIsInterpolated() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("a.yml", "include: [ lib.yml ]\nx: ${A}\n")
                .write("lib.yml", "components:\n  - id: c\n    url: ${A}\n")
                .write("b.yml", "y: ${A:-z}\n");
        assertThat(fixtures.read(Map.of("A", "1"), "a.yml", "b.yml").root().toPlain()).isEqualTo(Map.of(
                "x", 1, "components", List.of(Map.of("id", "c", "url", 1)), "y", 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
