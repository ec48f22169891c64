package dev.modelcompose.cli;

import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.models.DownloadProgress;
import dev.modelcompose.engine.models.ModelResolver;
import dev.modelcompose.engine.models.ModelSource;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import dev.modelcompose.engine.spi.ComponentTypes;
import dev.modelcompose.engine.spi.model.ModelDrivers;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import dev.modelcompose.engine.spi.model.TokenCounter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code length: tokens} with the builtin MiniLM tokenizer, through the real loader, runtime and ONNX driver. */
class TextSplitterTokensIT {
    @TempDir
    Path dir;

    @Test
    void chunksFitTheTokenBudgetOfTheBuiltinTokenizer() throws Exception {
        Files.writeString(dir.resolve("compose.yml"), """
                components:
                  - id: chunker
                    type: text-splitter
                    text: ${input.text}
                    separators: [" "]
                    length: tokens
                    tokenizer: builtin:all-minilm-l6-v2
                    chunk_size: 12
                    chunk_overlap: 0
                workflow:
                  jobs:
                    - component: chunker
                """);
        String text = "Tokenization splits unbelievably long words into several wordpieces. ".repeat(4).strip();
        ComponentTypes types = ComponentTypes.discover();
        ComposeFile file = new ComposeLoader(types).load(new LoadOptions(List.of(Path.of("compose.yml")), dir,
                List.of(), Map.of(), Map.of()));
        Vertx vertx = Vertx.vertx();
        Object output;
        try {
            ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(file, types));
            await(runtime.start());
            output = await(runtime.run(null, Map.of("text", text), RunOptions.defaults()));
            await(runtime.stop());
        } finally {
            await(vertx.close());
        }
        @SuppressWarnings("unchecked")
        List<String> chunks = (List<String>) output;

        ResolvedModel model = ModelResolver.fromEnvironment(System.getenv())
                .resolve(ModelSource.read(file.component("chunker").orElseThrow().config().get("tokenizer"), dir),
                        DownloadProgress.NONE);
        TokenCounter tokens = ModelDrivers.discover().forFormat(model.format()).orElseThrow().tokenCounter(model)
                .orElseThrow();
        assertThat(tokens.count("unbelievably")).as("a word of several wordpieces").isGreaterThan(1);
        assertThat(chunks).hasSizeGreaterThan(4).allSatisfy(chunk -> assertThat(tokens.count(chunk))
                .as("tokens of '%s'", chunk).isLessThanOrEqualTo(12));
        // counted in characters, 12 would cut inside nearly every chunk; in tokens, chunks end at whole words
        assertThat(String.join(" ", chunks)).isEqualTo(text);
        assertThat(chunks.stream().mapToInt(String::length).max().orElseThrow()).isGreaterThan(12);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
