package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.GenerationParams;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.GenerationResult;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Text generation and chat completion through {@link OnnxModelDriver#load}, as the model component calls it. */
class OnnxGenerationDriverIT {
    @TempDir
    Path dir;

    static ModelLoadRequest load(Path folder, String task) {
        return new ModelLoadRequest("llm", task, new ResolvedModel(folder, "onnx", "./" + folder.getFileName()), "cpu",
                Map.of(), Map.of(), List.of(), folder.getParent());
    }

    @Test
    void chatCompletionStreamsThroughTheLoadedModel() {
        Path folder = TinyDecoderModels.writeWithKvCache(dir.resolve("tiny-chat"));
        GenerationParams params = new GenerationParams(8, null, null, null, null, null, null, 3L, null, null, null,
                null);
        GenerationRequest chat = new GenerationRequest(null, List.of(Map.of("role", "user", "content", "hello")),
                null, params);

        try (LoadedModel model = new OnnxModelDriver().load(load(folder, "chat-completion"))) {
            List<String> deltas = new ArrayList<>();
            GenerationResult first = model.generate(chat, deltas::add, new Cancellation());
            GenerationResult again = model.generate(chat, d -> true, new Cancellation());

            assertThat(first.outputTokens()).isEqualTo(8);
            assertThat(String.join("", deltas)).isEqualTo(first.text());
            assertThat(again.text()).isEqualTo(first.text());
        }
    }

    @Test
    void aModelWithoutLogitsFailsAtLoad() {
        Path folder = TinyDecoderModels.writeWithoutLogits(dir.resolve("encoder"));

        assertThatThrownBy(() -> new OnnxModelDriver().load(load(folder, "text-generation")))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("model ./encoder does not fit text generation:")
                .hasMessageEndingWith("its inputs are input_ids; its outputs are hidden");
    }
}
