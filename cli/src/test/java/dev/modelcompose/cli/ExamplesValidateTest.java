package dev.modelcompose.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file under examples/ validates, names the schema on its first line, and has a README beside it; the compose
 * file shown in the README runs.
 */
class ExamplesValidateTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theReadmeFileRuns(@TempDir Path dir) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(yaml.find()).as("a yaml block in README.md").isTrue();
        Files.writeString(dir.resolve("compose.yml"), yaml.group(1));
        CliRun run = CliRun.execute(dir, "run", "--input", "{\"name\":\"Ada\"}");
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("{\n  \"greeting\": \"Hello, Ada!\"\n}\n");
    }

    @TestFactory
    Stream<DynamicTest> everyExampleValidates() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT.resolve("examples"))) {
            files = walk.filter(p -> p.getFileName().toString().matches("(model-)?compose\\.ya?ml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(ROOT.relativize(file).toString(), () -> {
            Path relative = ROOT.relativize(file);
            String schema = file.getParent().relativize(ROOT.resolve("schemas/compose.schema.json")).toString();
            assertThat(Files.readAllLines(file).get(0)).isEqualTo("# yaml-language-server: $schema=" + schema);
            assertThat(file.resolveSibling("README.md")).isRegularFile();
            CliRun run = CliRun.execute(ROOT, "validate", "-f", relative.toString());
            assertThat(run.err()).startsWith(relative + " is valid: ");
            assertThat(run.exitCode()).isZero();
        }));
    }
}
