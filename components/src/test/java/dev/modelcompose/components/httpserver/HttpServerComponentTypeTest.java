package dev.modelcompose.components.httpserver;

import dev.modelcompose.components.ComposeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load-time checks and shorthands of http-server components. */
class HttpServerComponentTypeTest {
    @TempDir
    Path dir;

    private String at(String lineColumnAndRest) {
        return dir.resolve("compose.yml") + ":" + lineColumnAndRest;
    }

    private HttpServerComponent create(String componentFields) {
        String yaml = """
                components:
                  - id: llm
                    type: http-server
                """ + componentFields.indent(4) + """
                    action: {path: /v1/chat/completions}
                workflow:
                  jobs:
                    - component: llm
                """;
        return (HttpServerComponent) ComposeFixture.bindOnly(dir, yaml).create("llm");
    }

    @Test
    void scriptsOnTheComponentAreLiftedAndASingleInstallCommandIsWrapped() {
        HttpServerComponent component = create("""
                install: [pip, install, vllm]
                start: [python, -m, vllm.entrypoints.openai.api_server]
                manage: {working_dir: ./vllm, env: {HF_HOME: ./cache}}
                """);
        ManageScripts scripts = scriptsOf(component);
        assertThat(scripts.install()).containsExactly(List.of("pip", "install", "vllm"));
        assertThat(scripts.start()).containsExactly("python", "-m", "vllm.entrypoints.openai.api_server");
        assertThat(scripts.workingDir()).isEqualTo(dir.resolve("vllm"));
        assertThat(scripts.env()).containsEntry("HF_HOME", "./cache");
        assertThat(component.processInfo().orElseThrow().port()).isEqualTo(8000);
    }

    @Test
    void modelComposeScriptsBlockAndShellLinesAreAccepted() {
        ManageScripts scripts = scriptsOf(create("""
                manage:
                  scripts:
                    install: [[pip, install, a], "pip install b"]
                    start: ollama serve
                """));
        assertThat(scripts.install()).containsExactly(List.of("pip", "install", "a"),
                List.of("sh", "-c", "pip install b"));
        assertThat(scripts.start()).containsExactly("sh", "-c", "ollama serve");
    }

    @Test
    void withoutStartNothingIsManaged() {
        assertThat(create("port: 11434").processInfo()).isEmpty();
    }

    @Test
    void aScriptGivenTwiceIsRefused() {
        assertThatThrownBy(() -> create("start: [a]\nmanage: {start: [b]}"))
                .hasMessage(at("5:21: components[0].manage.start: start is given twice (write it once, under manage"
                        + " or directly on the component)"));
    }

    @Test
    void startIsOneCommand() {
        assertThatThrownBy(() -> create("start: [[a], [b]]"))
                .hasMessage(at("4:12: components[0].start: expected one command (a list of strings), got a list of"
                        + " lists (start runs a single command; put setup steps in install)"));
    }

    @Test
    void installNeedsStart() {
        assertThatThrownBy(() -> create("install: [pip, install, x]"))
                .hasMessage(at("2:5: components[0]: install and build steps need a start command (add manage.start,"
                        + " the command that runs the server)"));
    }

    @Test
    void portMustBeAPortNumber() {
        assertThatThrownBy(() -> create("port: 70000\nstart: [a]"))
                .hasMessage(at("4:11: components[0].port: expected a port number from 1 to 65535, got 70000"));
    }

    @Test
    void restartIsOneOfThreePolicies() {
        assertThatThrownBy(() -> create("restart: on-failur\nstart: [a]"))
                .hasMessage(at("4:14: components[0].restart: expected one of on-failure, always, no, got"
                        + " 'on-failur' (did you mean 'on-failure'?)"));
    }

    @Test
    void healthPathStartsWithASlash() {
        assertThatThrownBy(() -> create("health: {path: health}\nstart: [a]"))
                .hasMessage(at("4:20: components[0].health.path: expected a path starting with /, got 'health'"));
    }

    @Test
    void theSchemaKnowsTheNewFields() {
        String yaml = """
                # yaml-language-server: $schema=x
                component:
                  type: http-server
                  port: 8000
                  manage:
                    install: [[bash, -c, "pip install vllm"]]
                    start: [python, -m, vllm.entrypoints.openai.api_server, --port, "8000"]
                    env: {HF_HOME: ./cache}
                    working_dir: .
                  health: {path: /health, interval: 1s, timeout: 600s}
                  restart: on-failure
                  stop_timeout: 10s
                  action: {path: /v1/chat/completions, stream_format: json}
                workflow:
                  job: {component: __component__}
                """;
        assertThat(ComposeFixture.load(dir, yaml).create("__component__")).isInstanceOf(HttpServerComponent.class);
        assertThatThrownBy(() -> ComposeFixture.load(dir, yaml.replace("stop_timeout", "stop_timout")))
                .hasMessageContaining("stop_timout").hasMessageContaining("stop_timeout");
    }

    private static ManageScripts scriptsOf(HttpServerComponent component) {
        return component.server().scripts();
    }
}
