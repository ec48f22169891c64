package dev.modelcompose.components.docs;

import dev.modelcompose.components.ComposeFixture;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/components.md}: every complete compose file shown in a yaml block loads (schema, binder) and its
 * components compile; every {@code docs/examples/components-*} file is shown on the page as it is.
 */
class ComponentsPageTest {
    private static final Path PAGE = Path.of("../docs/components.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern WHOLE_FILE = Pattern.compile("(?m)^workflows?:");

    /** The variables the page's examples read. */
    private static final Map<String, String> ENV = Map.of("WEATHER_TOKEN", "w-token", "PASSWORD", "secret",
            "OPENAI_API_KEY", "sk-test");

    @TempDir
    Path dir;

    private static List<String> yamlBlocks() throws IOException {
        Matcher matcher = YAML_BLOCK.matcher(Files.readString(PAGE));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    @TestFactory
    Stream<DynamicTest> everyWholeFileOnThePageLoadsAndItsComponentsCompile() throws IOException {
        List<String> files = yamlBlocks().stream().filter(b -> WHOLE_FILE.matcher(b).find()).toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        return IntStream.range(0, files.size()).mapToObj(i -> DynamicTest.dynamicTest("yaml block " + (i + 1), () -> {
            Path folder = Files.createDirectories(dir.resolve("block" + i));
            ComposeFixture fixture = ComposeFixture.load(folder, files.get(i), ENV);
            for (String id : fixture.file().components().keySet()) {
                assertThat(fixture.create(id)).isNotNull();
            }
        }));
    }

    @Test
    void everyComponentExampleIsShownOnThePageAsItIs() throws IOException {
        List<String> blocks = yamlBlocks();
        List<Path> examples;
        try (Stream<Path> all = Files.list(Path.of("../docs/examples"))) {
            examples = all.filter(f -> f.getFileName().toString().startsWith("components-")).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            assertThat(blocks).as(example.toString()).contains(Files.readString(example.resolve("compose.yml")));
        }
    }
}
