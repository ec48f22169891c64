package dev.modelcompose.components.shell;

import dev.modelcompose.components.ComposeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load-time checks of shell components: each mistake gives one message at its place in the file. */
class ShellComponentTypeTest {
    @TempDir
    Path dir;

    /** The message prefix for a place in the fixture file, which the loader names by its full path. */
    private String at(String lineColumnAndRest) {
        return dir.resolve("compose.yml") + ":" + lineColumnAndRest;
    }

    private void create(String action) {
        String yaml = """
                components:
                  - id: sh
                    type: shell
                    action:
                """ + action.indent(6) + """
                workflow:
                  jobs:
                    - component: sh
                """;
        ComposeFixture.bindOnly(dir, yaml).create("sh");
    }

    @Test
    void commandAsPlainTextIsRefusedWithAHint() {
        assertThatThrownBy(() -> create("command: echo hi"))
                .hasMessage(at("5:16: components[0].action.command: command must be a list of strings or"
                        + " a binding, got 'echo hi' (to run it through a shell, write [sh, -c, \"...\"])"));
    }

    @Test
    void commandItemsMustBeScalars() {
        assertThatThrownBy(() -> create("command: [echo, {a: 1}]"))
                .hasMessage(at("5:23: components[0].action.command[1]: command items must be strings,"
                        + " got a mapping"));
    }

    @Test
    void aListOfCommandsIsRefusedWithAHint() {
        assertThatThrownBy(() -> create("command: [[echo, a], [echo, b]]"))
                .hasMessage(at("5:17: components[0].action.command[0]: command items must be strings, got a list"
                        + " (to run one command per item, call this component from a for-each job)"));
    }

    @Test
    void batchSizeIsRefusedWithAHint() {
        assertThatThrownBy(() -> create("command: [echo]\nbatch_size: 4"))
                .hasMessage(at("6:19: components[0].action.batch_size: batch_size is not supported by shell"
                        + " actions (run the command once per item with a for-each job and its batch_size)"));
    }

    @Test
    void emptyCommandIsRefused() {
        assertThatThrownBy(() -> create("command: []"))
                .hasMessage(at("5:16: components[0].action.command: command must not be empty"));
    }

    @Test
    void missingCommandIsRefused() {
        assertThatThrownBy(() -> create("working_dir: ."))
                .hasMessage(at("5:7: components[0].action: a shell action needs a command"
                        + " (for example command: [echo, hello])"));
    }

    @Test
    void badTimeoutIsRefused() {
        assertThatThrownBy(() -> create("command: [sleep, '1']\ntimeout: 2x"))
                .hasMessage(at("6:16: components[0].action.timeout: expected a duration such as 500ms, 2s,"
                        + " 1m30s or a number of seconds, got \"2x\""));
    }

    @Test
    void envMustBeAMapping() {
        assertThatThrownBy(() -> create("command: [env]\nenv: [A=1]"))
                .hasMessage(at("6:12: components[0].action.env: expected a mapping of variable names to"
                        + " values, got a list (for example env: {GREETING: hello})"));
    }

    @Test
    void streamingMustBeABooleanOrABinding() {
        assertThatThrownBy(() -> create("command: [env]\nstreaming: lines"))
                .hasMessage(at("6:18: components[0].action.streaming: expected true, false or a binding,"
                        + " got 'lines'"));
    }

    @Test
    void outputMayReadResultButNotResponse() {
        assertThatThrownBy(() -> create("command: [env]\noutput: ${response.text}"))
                .hasMessage(at("6:15: components[0].action.output: unknown source 'response' in ${response.text}"
                        + " (sources here: context, env, input, result, result[])"));
    }

    @Test
    void validActionCompiles() {
        create("command: [echo, '${input.x}']\ntimeout: 2s\nstreaming: ${input.s as boolean | false}\n"
                + "output: ${result.stdout}");
        assertThat(dir.resolve("compose.yml")).exists();
    }
}
