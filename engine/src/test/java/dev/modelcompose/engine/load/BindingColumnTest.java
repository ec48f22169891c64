package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelcompose.engine.binding.Template;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding errors point at the '${' as written, whether the scalar is plain, single- or double-quoted. */
class BindingColumnTest {
    @TempDir
    Path dir;

    private String error(String yaml) {
        ConfigMap root = new ComposeFixtures(dir).write("compose.yml", yaml).read().root();
        return assertThrows(ComposeException.class, () -> Template.compile(root.get("text"), Set.of("input")))
                .getMessage();
    }

    @Test
    void plainScalar() {
        assertThat(error("text: hi ${inptu.x}\n")).isEqualTo(
                "compose.yml:1:10: text: unknown source 'inptu' in ${inptu.x} (did you mean 'input'?)");
    }

    @Test
    void singleQuotedScalar() {
        assertThat(error("text: 'hi ${inptu.x}'\n")).isEqualTo(
                "compose.yml:1:11: text: unknown source 'inptu' in ${inptu.x} (did you mean 'input'?)");
    }

    @Test
    void doubleQuotedScalar() {
        assertThat(error("text: \"hi ${inptu.x}\"\n")).isEqualTo(
                "compose.yml:1:11: text: unknown source 'inptu' in ${inptu.x} (did you mean 'input'?)");
    }

    @Test
    void quotedScalarInsideAFlowSequence() {
        assertThat(error("text: [echo, \"${inptu.x}\", '...${inptu.y}']\n")).isEqualTo(
                "compose.yml:1:15: text[1]: unknown source 'inptu' in ${inptu.x} (did you mean 'input'?)");
        assertThat(error("text: [echo, '...${inptu.y}']\n")).isEqualTo(
                "compose.yml:1:18: text[1]: unknown source 'inptu' in ${inptu.y} (did you mean 'input'?)");
    }

    @Test
    void escapesFallBackToTheScalarMark() {
        // after an escape, offsets in the value no longer give columns: the error names where the scalar starts
        assertThat(error("text: \"\\\"hi\\\" ${inptu.x}\"\n")).isEqualTo(
                "compose.yml:1:7: text: unknown source 'inptu' in ${inptu.x} (did you mean 'input'?)");
        assertThat(error("text: 'it''s ${inptu.x}'\n")).isEqualTo(
                "compose.yml:1:7: text: unknown source 'inptu' in ${inptu.x} (did you mean 'input'?)");
    }
}
