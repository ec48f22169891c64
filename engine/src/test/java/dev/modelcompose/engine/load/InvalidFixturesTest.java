package dev.modelcompose.engine.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every file under {@code schema/invalid/} is loaded (reader, schema check, binder with stand-in component types)
 * and must fail with exactly the messages in its {@code # expect:} lines, in order.
 */
class InvalidFixturesTest {

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void failsWithTheExpectedMessages(String name) throws Exception {
        Path file = folder().resolve(name);
        String expected = Files.readAllLines(file).stream()
                .filter(line -> line.startsWith("# expect: "))
                .map(line -> line.substring("# expect: ".length()))
                .collect(Collectors.joining("\n"));
        assertThat(expected).as("fixture needs # expect: lines").isNotEmpty();

        ComposeException error = catchThrowableOfType(ComposeException.class, () -> load(file));

        assertThat(error).as("loading %s should fail", name).isNotNull();
        assertThat(error.getMessage()).isEqualTo(expected);
    }

    static void load(Path file) {
        LoadOptions options = new LoadOptions(List.of(file.getFileName()), file.getParent(), List.of(), Map.of(),
                Map.of());
        new ComposeLoader(StandInComponentTypes.shellHttpClientWorkflow()).load(options);
    }

    static Path folder() throws URISyntaxException {
        return Path.of(InvalidFixturesTest.class.getResource("/schema/invalid").toURI());
    }
}
