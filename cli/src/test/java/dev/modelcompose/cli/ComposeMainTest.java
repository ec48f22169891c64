package dev.modelcompose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ComposeMainTest {
    @TempDir
    Path dir;

    @Test
    void versionPrintsTheProjectVersion() {
        CliRun run = CliRun.execute(dir, "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("compose \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"run", "validate", "config"}) {
            CliRun run = CliRun.execute(dir, command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: compose " + command).contains("-f, --file=FILE");
        }
        CliRun top = CliRun.execute(dir, "--help");
        assertThat(top.out()).contains("run", "validate", "config", "Exit codes:");
    }

    @Test
    void unknownOptionIsAUsageErrorWithSuggestion() {
        CliRun run = CliRun.execute(dir, "run", "--inptu", "{}");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                error: Unknown option: '--inptu'
                Possible solutions: --input
                Try 'compose run --help' for more information.
                """);
    }

    @Test
    void missingCommandIsAUsageError() {
        CliRun run = CliRun.execute(dir);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Missing command: run, up, down, ps, logs, models, validate or config\n");
    }

    @Test
    void inputThatIsNotJsonIsRejectedWithItsPlace() {
        CliRun run = CliRun.execute(dir, "run", "--input", "{\"name\": Ada}");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: --input is not valid JSON: Unrecognized token 'Ada': was expecting "
                + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 10\n");
    }

    @Test
    void unterminatedInputNamesNoJavaInternals() {
        CliRun run = CliRun.execute(dir, "run", "--input", "{\"a\": 1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: --input is not valid JSON: Unexpected end-of-input: expected close "
                + "marker for Object (start marker at line 1, column 1) at line 1, column 8\n");
    }

    @Test
    void trailingTextAfterTheInputIsRejected() {
        CliRun run = CliRun.execute(dir, "run", "--input", "{} {}");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --input is not valid JSON: unexpected text after the JSON value at line 1");
    }

    @Test
    void missingInputFileIsAClearError() {
        CliRun run = CliRun.execute(dir, "run", "--input", "@nothing.json");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: --input file not found: nothing.json\n");
    }

    @Test
    void envOverrideWithoutEqualsIsRejected() {
        CliRun run = CliRun.execute(dir, "validate", "-e", "FOO");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: -e FOO: expected KEY=VALUE\n");
    }

    @Test
    void metadataMustBeAnObject() {
        CliRun run = CliRun.execute(dir, "run", "--metadata", "[1]");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: --metadata must be a JSON object\n");
    }
}
