package dev.modelcompose.components.docs;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import dev.modelcompose.engine.value.Json;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.modelcompose.components.TestCallContext.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every {@code docs/examples/components-*} folder with the real loader and runtime: the workflow output for
 * {@code input.json} must equal {@code expected.json}.
 */
class ComponentDocsExamplesIT {
    private static final Path EXAMPLES = Path.of("../docs/examples");
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Throwable {
        await(vertx.close());
    }

    @TestFactory
    Stream<DynamicTest> componentExamplesGiveTheirExpectedOutput() throws IOException {
        List<Path> folders;
        try (Stream<Path> all = Files.list(EXAMPLES)) {
            folders = all.filter(f -> f.getFileName().toString().startsWith("components-")).sorted().toList();
        }
        assertThat(folders).isNotEmpty();
        return folders.stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
            Object input = Json.parse(Files.readString(folder.resolve("input.json")));
            Object expected = Json.parse(Files.readString(folder.resolve("expected.json")));
            assertThat(run(folder.resolve("compose.yml"), input)).isEqualTo(expected);
        }));
    }

    static Object run(Path composeFile, Object input) throws Throwable {
        LoadOptions options = new LoadOptions(List.of(composeFile.getFileName()), composeFile.getParent(), List.of(),
                Map.of(), System.getenv());
        ComposeFile file = new ComposeLoader(ComposeFixture.TYPES).load(options);
        ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(file, ComposeFixture.TYPES));
        await(runtime.start());
        try {
            return await(runtime.run(null, input, RunOptions.defaults()));
        } finally {
            await(runtime.stop());
        }
    }
}
