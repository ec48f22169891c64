package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFolderWithModelOnnx() throws IOException {
        touch("model.onnx", "tokenizer.json", "config.json");
        ModelFiles files = ModelFiles.locate(model(dir));
        assertThat(files.modelFile()).isEqualTo(dir.resolve("model.onnx"));
        assertThat(files.tokenizer()).isEqualTo(dir.resolve("tokenizer.json"));
        assertThat(files.config()).contains(dir.resolve("config.json"));
        assertThat(files.tokenizerConfig()).isEmpty();
    }

    @Test
    void anOptimumExportWithTheTokenizerAtTheRoot() throws IOException {
        touch("onnx/model.onnx", "onnx/model_quantized.onnx", "tokenizer.json", "tokenizer_config.json");
        ModelFiles files = ModelFiles.locate(model(dir));
        assertThat(files.modelFile()).isEqualTo(dir.resolve("onnx/model.onnx"));
        assertThat(files.tokenizer()).isEqualTo(dir.resolve("tokenizer.json"));
        assertThat(files.tokenizerConfig()).contains(dir.resolve("tokenizer_config.json"));
        // naming the file itself finds the same tokenizer
        ModelFiles file = ModelFiles.locate(model(dir.resolve("onnx/model_quantized.onnx")));
        assertThat(file.modelFile()).isEqualTo(dir.resolve("onnx/model_quantized.onnx"));
        assertThat(file.tokenizer()).isEqualTo(dir.resolve("tokenizer.json"));
    }

    @Test
    void aSingleOnnxFileOfAnyName() throws IOException {
        touch("all-minilm-l6-v2-q.onnx", "tokenizer.json");
        assertThat(ModelFiles.locate(model(dir)).modelFile()).isEqualTo(dir.resolve("all-minilm-l6-v2-q.onnx"));
    }

    @Test
    void aTokenizerBesideTheModelFileWins() throws IOException {
        touch("onnx/model.onnx", "onnx/tokenizer.json", "tokenizer.json");
        assertThat(ModelFiles.locate(model(dir)).tokenizer()).isEqualTo(dir.resolve("onnx/tokenizer.json"));
    }

    @Test
    void severalOnnxFilesAreAmbiguous() throws IOException {
        touch("a.onnx", "b.onnx");
        assertThatThrownBy(() -> ModelFiles.locate(model(dir))).isInstanceOf(ModelException.class)
                .hasMessage("model ./m: " + dir + " holds several ONNX files (a.onnx, b.onnx); point model at one of"
                        + " them");
    }

    @Test
    void noOnnxFile() throws IOException {
        touch("tokenizer.json", "model.safetensors");
        assertThatThrownBy(() -> ModelFiles.locate(model(dir))).isInstanceOf(ModelException.class)
                .hasMessage("model ./m: no ONNX file in " + dir
                        + " (looked for model.onnx, onnx/model.onnx and a single .onnx file)");
        assertThatThrownBy(() -> ModelFiles.locate(model(dir.resolve("nope")))).isInstanceOf(ModelException.class)
                .hasMessage("model ./m: " + dir.resolve("nope") + " does not exist");
    }

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        }
    }

    private static ResolvedModel model(Path path) {
        return new ResolvedModel(path, "onnx", "./m");
    }
}
