package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import dev.modelcompose.engine.spi.model.TokenCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxTokenCounterIT {
    @TempDir
    Path dir;

    @Test
    void countsWordPieceTokensWithoutSpecialTokensOrTruncation() {
        TokenCounter counter = new OnnxModelDriver().tokenCounter(new ResolvedModel(TestModels.builtinMiniLm(),
                "onnx", "builtin:all-minilm-l6-v2")).orElseThrow();
        assertThat(counter.count("hello world")).isEqualTo(2);
        assertThat(counter.count("")).isZero();
        assertThat(counter.count("word ".repeat(600))).isEqualTo(600);
        // WordPiece splits a rare word into pieces
        assertThat(counter.count("tokenization")).isGreaterThan(1);
    }

    @Test
    void aFolderWithoutTokenizerSaysWhereItLooked() {
        assertThatThrownBy(() -> new OnnxModelDriver().tokenCounter(new ResolvedModel(dir, "onnx", "./m")))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./m: no tokenizer.json (looked for " + dir.resolve("tokenizer.json")
                        + "); the onnx driver needs the model's Hugging Face tokenizer.json beside the model file");
    }
}
