package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
    @TempDir
    Path dir;

    @Test
    void parsesLikeDockerCompose() {
        Map<String, String> values = EnvFile.parse("""
                # a comment
                PLAIN=value
                export EXPORTED=yes
                  SPACED = padded value  
                INLINE=abc # comment
                HASH=abc#def
                SINGLE='literal $X \\n # not a comment'
                DOUBLE="line\\nnext \\"quoted\\""
                MULTI="first
                second"
                EMPTY=
                EQUALS=a=b=c

                """, ".env");
        assertThat(values).containsExactly(
                Map.entry("PLAIN", "value"),
                Map.entry("EXPORTED", "yes"),
                Map.entry("SPACED", "padded value"),
                Map.entry("INLINE", "abc"),
                Map.entry("HASH", "abc#def"),
                Map.entry("SINGLE", "literal $X \\n # not a comment"),
                Map.entry("DOUBLE", "line\nnext \"quoted\""),
                Map.entry("MULTI", "first\nsecond"),
                Map.entry("EMPTY", ""),
                Map.entry("EQUALS", "a=b=c"));
    }

    @Test
    void toleratesByteOrderMarkAndWindowsLineEnds() {
        assertThat(EnvFile.parse("\uFEFFA=1\r\nB='x'\r\n", ".env")).containsExactly(Map.entry("A", "1"),
                Map.entry("B", "x"));
    }

    @Test
    void malformedLinesNameFileAndLine() {
        assertThat(assertThrows(ComposeException.class, () -> EnvFile.parse("A=1\nnot a pair\n", ".env"))
                .getMessage()).isEqualTo(".env:2:1: expected KEY=VALUE");
        assertThat(assertThrows(ComposeException.class, () -> EnvFile.parse("1BAD=x\n", "conf/app.env"))
                .getMessage()).isEqualTo("conf/app.env:1:1: '1BAD' is not a valid variable name");
        assertThat(assertThrows(ComposeException.class, () -> EnvFile.parse("A=\"open\nB=2\n", ".env"))
                .getMessage()).isEqualTo(".env:1:3: the quoted value is not closed (missing \")");
        assertThat(assertThrows(ComposeException.class, () -> EnvFile.parse("A='x' y\n", ".env"))
                .getMessage()).isEqualTo(".env:1:3: unexpected text after the closing quote");
    }

    @Test
    void malformedDotEnvStopsTheLoad() {
        ComposeFixtures fixtures = new ComposeFixtures(dir).write("compose.yml", "a: 1\n").write(".env", "X=1\noops\n");
        assertThat(assertThrows(ComposeException.class, () -> fixtures.read()).getMessage())
                .isEqualTo(".env:2:1: expected KEY=VALUE");
    }

    @Test
    void precedenceIsEnvFilesThenProcessThenOverrides() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("compose.yml", "a: ${A}\nb: ${B}\nc: ${C}\nd: ${D}\n")
                .write("one.env", "A=one\nB=one\nC=one\nD=one\n")
                .write("two.env", "A=two\nB=two\nC=two\n");
        ReadDocument document = fixtures.read(List.of("one.env", "two.env"), Map.of("B", "process", "C", "process"),
                Map.of("C", "override"));
        assertThat(document.root().toPlain()).isEqualTo(Map.of("a", "two", "b", "process", "c", "override",
                "d", "one"));
    }

    @Test
    void dotEnvBesideTheFirstFileIsUsedOnlyWithoutEnvFiles() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("app/compose.yml", "a: ${A:-none}\n")
                .write("app/.env", "A=dotenv\n")
                .write("other.env", "B=1\n");
        assertThat(fixtures.read("app/compose.yml").root().toPlain()).isEqualTo(Map.of("a", "dotenv"));
        assertThat(fixtures.read(List.of("other.env"), Map.of(), Map.of(), "app/compose.yml").root().toPlain())
                .isEqualTo(Map.of("a", "none"));
    }

    @Test
    void missingEnvFileIsAnError() {
        ComposeFixtures fixtures = new ComposeFixtures(dir).write("compose.yml", "a: 1\n");
        assertThat(assertThrows(ComposeException.class,
                () -> fixtures.read(List.of("nope.env"), Map.of(), Map.of())).getMessage())
                .isEqualTo("nope.env: env file not found (--env-file paths are relative to " + dir.toAbsolutePath()
                        .normalize() + ")");
    }
}
