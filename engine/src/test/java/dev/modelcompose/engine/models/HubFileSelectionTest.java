package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubFileSelectionTest {
    private static final List<String> SENTENCE_TRANSFORMERS = List.of(".gitattributes", "README.md", "config.json",
            "model.safetensors", "modules.json", "onnx/model.onnx", "onnx/model_O1.onnx", "onnx/model_qint8_avx512.onnx",
            "openvino/openvino_model.xml", "pytorch_model.bin", "sentence_bert_config.json", "special_tokens_map.json",
            "tokenizer.json", "tokenizer_config.json", "vocab.txt", "1_Pooling/config.json");

    private static HubModelSource source(String filename, List<String> patterns, String format) {
        return new HubModelSource("org/name", null, filename, patterns, null, false, null, format);
    }

    @Test
    void defaultsPreferOnnxWithItsConfigAndTokenizer() {
        HubFileSelection selection = HubFileSelection.of(source(null, null, null), SENTENCE_TRANSFORMERS);
        assertThat(selection.format()).isEqualTo("onnx");
        assertThat(selection.files()).containsExactly("onnx/model.onnx", "config.json", "modules.json",
                "sentence_bert_config.json", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json",
                "vocab.txt");
    }

    @Test
    void defaultsForOtherFormats() {
        assertThat(HubFileSelection.of(source(null, null, "safetensors"), SENTENCE_TRANSFORMERS).files())
                .startsWith("model.safetensors").doesNotContain("onnx/model.onnx");
        assertThat(HubFileSelection.of(source(null, null, "pytorch"), SENTENCE_TRANSFORMERS).files())
                .startsWith("pytorch_model.bin");
        HubFileSelection gguf = HubFileSelection.of(source(null, null, null), List.of("README.md", "m-Q4_K_M.gguf"));
        assertThat(gguf.files()).containsExactly("m-Q4_K_M.gguf");
        assertThat(gguf.main()).isEqualTo("m-Q4_K_M.gguf");
        assertThat(HubFileSelection.of(source(null, null, null), List.of("model.onnx", "model.onnx_data", "x.json"))
                .files()).containsExactly("model.onnx", "model.onnx_data", "x.json");
    }

    @Test
    void filenameBringsTheConfigAndTokenizerFiles() {
        HubFileSelection selection = HubFileSelection.of(source("onnx/model_O1.onnx", null, null),
                SENTENCE_TRANSFORMERS);
        assertThat(selection.files()).startsWith("onnx/model_O1.onnx", "config.json").contains("tokenizer.json")
                .doesNotContain("onnx/model.onnx", "README.md");
        assertThat(selection.main()).isEqualTo("onnx/model_O1.onnx");
        assertThat(selection.format()).isEqualTo("onnx");
    }

    @Test
    void allowPatternsAsFnmatch() {
        HubFileSelection selection = HubFileSelection.of(source(null, List.of("*.json", "onnx/model.onnx"), null),
                SENTENCE_TRANSFORMERS);
        assertThat(selection.files()).containsExactly("config.json", "modules.json", "onnx/model.onnx",
                "sentence_bert_config.json", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json",
                "1_Pooling/config.json");
        assertThat(HubFileSelection.glob("onnx/").matcher("onnx/model.onnx").matches()).isTrue();
        assertThat(HubFileSelection.glob("model_[!q]*.onnx").matcher("model_O1.onnx").matches()).isTrue();
        assertThat(HubFileSelection.glob("model_[!q]*.onnx").matcher("model_qint8.onnx").matches()).isFalse();
        assertThat(HubFileSelection.glob("a.b").matcher("axb").matches()).isFalse();
        assertThatThrownBy(() -> HubFileSelection.of(source(null, List.of("*.gguf"), null), List.of("a.json")))
                .isInstanceOf(ModelException.class)
                .hasMessage("no file of org/name matches allow_patterns [*.gguf] (its files: a.json)");
    }

    @Test
    void reposWithoutALoadableModel() {
        assertThatThrownBy(() -> HubFileSelection.of(source(null, null, null), List.of("README.md", "data.csv")))
                .hasMessage("repository org/name has no model file this project loads (.onnx, .gguf, .safetensors, "
                        + "pytorch_model.bin); its files: README.md, data.csv (set filename or allow_patterns)");
        assertThatThrownBy(() -> HubFileSelection.of(source(null, null, null), List.of("onnx/a.onnx", "onnx/b.onnx")))
                .hasMessage("repository org/name has several ONNX files (onnx/a.onnx, onnx/b.onnx): set filename "
                        + "to the one to use");
    }
}
