package dev.modelcompose.engine.load;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every YAML block of {@code docs/file-reference.md} is valid against the schema: whole files as they are, job
 * snippets (blocks that start with {@code - }) inside a workflow's {@code jobs:}.
 */
class DocsSnippetsTest {
    private static final Path PAGE = Path.of("../docs/file-reference.md");
    private static final Pattern BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TestFactory
    Stream<DynamicTest> yamlBlocksValidate() throws IOException {
        if (!Files.exists(PAGE)) {
            return Stream.empty();
        }
        List<String> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(Files.readString(PAGE));
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        assertThat(blocks).hasSizeGreaterThan(20);
        return blocks.stream().filter(b -> b.lines().anyMatch(l -> !l.isBlank() && !l.strip().startsWith("#")))
                .map(block -> DynamicTest.dynamicTest(block.lines().filter(l -> !l.startsWith("#")).findFirst()
                        .orElse(""), () -> {
                    String yaml = block.startsWith("- ")
                            ? "workflow:\n  jobs:\n" + block.indent(4) : block;
                    List<Problem> problems = SchemaCheck.problems(FixtureYaml.read(yaml, "snippet.yml").root());
                    assertThat(problems).as(yaml).isEmpty();
                }));
    }
}
