package dev.modelcompose.components.model;

import dev.modelcompose.components.ComposeFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load-time checks of model components: each mistake gives one message at its place in the file. */
class ModelComponentTypeTest {
    @TempDir
    Path dir;

    @BeforeEach
    void modelFolder() {
        ModelTestFiles.modelFolder(dir);
    }

    private String at(String lineColumnAndRest) {
        return dir.resolve("compose.yml") + ":" + lineColumnAndRest;
    }

    /** Component {@code m} with {@code fields} after type (no driver, no model unless given). */
    private void create(String fields) {
        String yaml = """
                components:
                  - id: m
                    type: model
                """ + fields.indent(4) + """
                workflow:
                  jobs:
                    - component: m
                """;
        ComposeFixture.bindOnly(dir, yaml).create("m");
    }

    @Test
    void aValidComponentCompiles() {
        assertThatCode(() -> create("""
                task: text-embedding
                driver: recording-test
                model: ./m
                device: cuda
                batch_size: 16
                max_batch_delay: 2ms
                idle_timeout: 5m
                action: { text: "${input.text}", params: { pooling: mean }, output: "${result}" }
                """)).doesNotThrowAnyException();
    }

    @Test
    void anUnknownTaskSuggestsTheClosest() {
        assertThatThrownBy(() -> create("task: text-embeding\nmodel: ./m\naction: { text: x }"))
                .hasMessage(at("4:11: components[0].task: unknown task 'text-embeding' (did you mean"
                        + " 'text-embedding'? tasks: text-embedding, text-classification, text-reranking,"
                        + " text-generation, chat-completion)"));
    }

    @Test
    void aMissingTaskIsRefused() {
        assertThatThrownBy(() -> create("model: ./m\naction: { text: x }"))
                .hasMessage(at("2:5: components[0]: a model component needs a task (one of text-embedding,"
                        + " text-classification, text-reranking, text-generation, chat-completion)"));
    }

    @Test
    void anUnknownDriverListsTheRegisteredOnesAndTheModuleToAdd() {
        assertThatThrownBy(() -> create("task: text-embedding\ndriver: llamacpp\nmodel: ./m\naction: { text: x }"))
                .hasMessage(at("5:13: components[0].driver: model driver 'llamacpp' is not available"
                        + " (registered drivers: " + String.join(", ", dev.modelcompose.engine.spi.model
                        .ModelDrivers.discover().names()) + "; add the Maven module"
                        + " dev.modelcompose:compose-driver-llamacpp to use llamacpp)"));
    }

    @Test
    void aBadDeviceIsRefused() {
        assertThatThrownBy(() -> create("task: text-embedding\nmodel: ./m\ndevice: gpu\naction: { text: x }"))
                .hasMessage(at("6:13: components[0].device: expected cpu, cuda or auto, got 'gpu'"));
    }

    @Test
    void aFieldOfAnotherTaskIsRefused() {
        assertThatThrownBy(() -> create("task: text-embedding\nmodel: ./m\naction: { prompt: x }"))
                .hasMessage(at("6:23: components[0].action.prompt: prompt is not a field of text-embedding"
                        + " actions (text-embedding actions take text, params, max_input_length, batch_size and"
                        + " output)"));
    }

    @Test
    void aMissingRequiredActionFieldIsRefused() {
        assertThatThrownBy(() -> create("task: text-reranking\nmodel: ./m\naction: { query: x }"))
                .hasMessage(at("6:13: components[0].action: a text-reranking action needs documents"
                        + " (for example documents: ${input.documents})"));
    }

    @Test
    void aMissingModelIsRefused() {
        assertThatThrownBy(() -> create("task: text-embedding\naction: { text: x }"))
                .hasMessage(at("2:5: components[0]: a model component needs a model (for example model:"
                        + " builtin:all-minilm-l6-v2, model: org/name, or model: ./models/x)"));
    }

    @Test
    void componentFieldsCannotReadRunTimeBindings() {
        assertThatThrownBy(() -> create("task: text-embedding\nmodel: ./m\nbatch_size: ${input.n}\n"
                + "action: { text: x }"))
                .hasMessage(at("6:17: components[0].batch_size: batch_size is fixed when the model loads and"
                        + " cannot read a binding (component fields take plain values or ${env.NAME}; per-call"
                        + " values belong in the action)"));
    }

    @Test
    void aBadBatchSizeIsRefused() {
        assertThatThrownBy(() -> create("task: text-embedding\nmodel: ./m\nbatch_size: 0\naction: { text: x }"))
                .hasMessage(at("6:17: components[0].batch_size: expected a whole number of at least 1, got 0"));
    }

    @Test
    void aBadIdleTimeoutIsRefused() {
        assertThatThrownBy(() -> create("task: text-embedding\nmodel: ./m\non_demand: { idle_timeout: soon }\n"
                + "action: { text: x }"))
                .hasMessage(at("6:32: components[0].on_demand.idle_timeout: expected a duration such as 500ms,"
                        + " 2s, 1m30s or a number of seconds, got \"soon\""));
    }

    @Test
    void anUnknownAdapterTypeIsRefused() {
        assertThatThrownBy(() -> create("task: text-generation\nmodel: ./m\npeft_adapters: [{ type: dora, model:"
                + " ./m }]\naction: { prompt: x }"))
                .hasMessage(at("6:29: components[0].peft_adapters[0].type: unknown adapter type 'dora'"
                        + " (the only adapter type is lora)"));
    }
}
