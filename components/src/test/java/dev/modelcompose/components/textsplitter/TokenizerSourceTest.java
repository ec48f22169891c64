package dev.modelcompose.components.textsplitter;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.engine.models.ModelSource;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelDrivers;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import dev.modelcompose.engine.spi.model.TokenCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code length: tokens}: the tokenizer comes from the driver of the model's format, or a message names the module. */
class TokenizerSourceTest {
    @TempDir
    Path dir;

    private ModelSource localOnnxModel() throws IOException {
        Files.createDirectories(dir.resolve("tok"));
        Files.writeString(dir.resolve("tok/model.onnx"), "not read by this test");
        String yaml = """
                components:
                  - id: split
                    type: text-splitter
                    text: ${input.text}
                    length: tokens
                    tokenizer: ./tok
                workflow:
                  jobs:
                    - component: split
                """;
        ComposeFixture fixture = ComposeFixture.load(dir, yaml);
        return ModelSource.read(fixture.spec("split").config().get("tokenizer"), dir);
    }

    @Test
    void aMissingDriverIsNamedByItsModule() throws IOException {
        TokenizerSource source = new TokenizerSource(localOnnxModel(), ModelDrivers.of());
        assertThatThrownBy(() -> source.length(Map.of()))
                .hasMessage("no model driver for onnx models is on the classpath to count tokens of "
                        + dir.resolve("tok") + " (add the module dev.modelcompose:compose-driver-onnx)");
    }

    @Test
    void theDriversCounterMeasuresChunks() throws IOException {
        TokenCounter words = text -> text.isBlank() ? 0 : text.trim().split("\\s+").length;
        TokenizerSource source = new TokenizerSource(localOnnxModel(), ModelDrivers.of(new CountingDriver(words)));
        TextLength length = source.length(Map.of());
        RecursiveTextSplitter splitter = new RecursiveTextSplitter(List.of(Separator.literal(" ")), 2, 0, length);
        assertThat(splitter.split("one two three four five")).containsExactly("one two", "three four", "five");
    }

    @Test
    void aDriverWithoutACounterSaysSo() throws IOException {
        TokenizerSource source = new TokenizerSource(localOnnxModel(), ModelDrivers.of(new CountingDriver(null)));
        assertThatThrownBy(() -> source.length(Map.of()))
                .hasMessage("the onnx driver cannot count tokens with " + dir.resolve("tok") + "'s tokenizer");
    }

    /** A driver for onnx models whose only skill is the given token counter (none when null). */
    private record CountingDriver(TokenCounter counter) implements ModelDriver {
        @Override
        public String name() {
            return "onnx";
        }

        @Override
        public Set<String> tasks() {
            return Set.of();
        }

        @Override
        public Set<String> formats() {
            return Set.of("onnx");
        }

        @Override
        public LoadedModel load(ModelLoadRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<TokenCounter> tokenCounter(ResolvedModel model) {
            return Optional.ofNullable(counter);
        }
    }
}
