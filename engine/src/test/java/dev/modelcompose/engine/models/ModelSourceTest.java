package dev.modelcompose.engine.models;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.YamlNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSourceTest {
    @TempDir
    Path base;

    private ModelSource read(String yamlValue) {
        ConfigMap root = (ConfigMap) YamlNodes.read("model: " + yamlValue + "\n", "compose.yml");
        return ModelSource.read(root.get("model"), base);
    }

    private String error(String yamlValue) {
        try {
            read(yamlValue);
        } catch (ComposeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + yamlValue);
    }

    @Test
    void builtinString() {
        assertThat(read("builtin:all-minilm-l6-v2")).isEqualTo(new BuiltinModelSource("all-minilm-l6-v2"));
        assertThat(read("builtin:all-minilm-l6-v2").describe()).isEqualTo("builtin:all-minilm-l6-v2");
    }

    @Test
    void unknownBuiltinListsTheNames() {
        assertThat(error("builtin:all-minilm-l6")).isEqualTo("compose.yml:1:8: model: unknown builtin model "
                + "'all-minilm-l6' (did you mean 'all-minilm-l6-v2'?; builtin models: all-minilm-l6-v2)");
        assertThat(error("builtin:bert")).isEqualTo("compose.yml:1:8: model: unknown builtin model 'bert' "
                + "(builtin models: all-minilm-l6-v2)");
    }

    @Test
    void pathStrings() {
        assertThat(read("/abs/model.onnx")).isEqualTo(new LocalModelSource(Path.of("/abs/model.onnx"), null));
        assertThat(read("./models/x")).isEqualTo(new LocalModelSource(base.resolve("models/x"), null));
        assertThat(read("../x")).isEqualTo(new LocalModelSource(base.getParent().resolve("x"), null));
        assertThat(read("~/models/x"))
                .isEqualTo(new LocalModelSource(Path.of(System.getProperty("user.home"), "models/x"), null));
    }

    @Test
    void anExistingRelativePathIsLocal() throws IOException {
        Files.createDirectories(base.resolve("models/minilm"));
        assertThat(read("models/minilm")).isEqualTo(new LocalModelSource(base.resolve("models/minilm"), null));
        assertThat(read("models/other")).isInstanceOf(HubModelSource.class);
    }

    @Test
    void hubStrings() {
        assertThat(read("sentence-transformers/all-MiniLM-L6-v2")).isEqualTo(new HubModelSource(
                "sentence-transformers/all-MiniLM-L6-v2", null, null, null, null, false, null, null));
        assertThat(read("gpt2")).isEqualTo(new HubModelSource("gpt2", null, null, null, null, false, null, null));
        HubModelSource pinned = (HubModelSource) read("org/name@v1.0");
        assertThat(pinned.repository()).isEqualTo("org/name");
        assertThat(pinned.revision()).isEqualTo("v1.0");
        assertThat(pinned.describe()).isEqualTo("org/name@v1.0");
        assertThat(read("org/name").describe()).isEqualTo("org/name@main");
    }

    @Test
    void badStrings() {
        assertThat(error("'org/name@'")).isEqualTo("compose.yml:1:8: model: 'org/name@' has an empty revision "
                + "after '@' (write org/name@revision, or leave out '@' for main)");
        assertThat(error("'a/b/c'")).isEqualTo("compose.yml:1:8: model: 'a/b/c' is not a Hugging Face repository "
                + "id (write org/name (letters, digits, '-', '_', '.'), a path starting with ./, / or ~/, "
                + "or builtin:NAME)");
        assertThat(error("''")).isEqualTo("compose.yml:1:8: model: the model is empty (write a path (./models/x), "
                + "a Hugging Face repository (org/name) or builtin:NAME)");
        assertThat(error("42")).isEqualTo("compose.yml:1:8: model: expected a model: a path, a Hugging Face "
                + "repository (org/name), builtin:NAME or a mapping, got an integer (42)");
        assertThat(error("[a, b]")).endsWith("got a list");
    }

    @Test
    void hubMapping() {
        ModelSource source = read("{repository: org/name, revision: v2, filename: onnx/model.onnx, "
                + "cache_dir: ./hf, local_files_only: true, token: hf_abc, format: onnx}");
        assertThat(source).isEqualTo(new HubModelSource("org/name", "v2", "onnx/model.onnx", null,
                base.resolve("hf"), true, "hf_abc", "onnx"));
        assertThat(read("{provider: huggingface, repository: org/name, allow_patterns: ['*.json', '*.onnx']}"))
                .isEqualTo(new HubModelSource("org/name", null, null, List.of("*.json", "*.onnx"), null, false,
                        null, null));
        assertThat(((HubModelSource) read("{repository: org/name, allow_patterns: '*.gguf'}")).allowPatterns())
                .containsExactly("*.gguf");
        assertThat(((HubModelSource) read("{repository: org/name, token: ''}")).token()).isNull();
    }

    @Test
    void localAndBuiltinMappings() {
        assertThat(read("{path: ./m, format: gguf}")).isEqualTo(new LocalModelSource(base.resolve("m"), "gguf"));
        assertThat(read("{provider: local, path: /m}")).isEqualTo(new LocalModelSource(Path.of("/m"), null));
        assertThat(read("{provider: builtin, name: all-minilm-l6-v2}"))
                .isEqualTo(new BuiltinModelSource("all-minilm-l6-v2"));
        assertThat(read("{name: all-minilm-l6-v2, x-note: ignored}"))
                .isEqualTo(new BuiltinModelSource("all-minilm-l6-v2"));
    }

    @Test
    void unknownProviderGetsDidYouMean() {
        assertThat(error("{provider: hugginface, repository: org/name}")).isEqualTo(
                "compose.yml:1:19: model.provider: unknown model provider 'hugginface' (did you mean 'huggingface'?)");
        assertThat(error("{provider: s3, repository: org/name}")).isEqualTo(
                "compose.yml:1:19: model.provider: unknown model provider 's3' "
                        + "(providers: local, huggingface, builtin)");
    }

    @Test
    void unknownKeysAndKeysOfAnotherProvider() {
        assertThat(error("{repository: org/name, revison: v1}")).isEqualTo(
                "compose.yml:1:31: model.revison: unknown key 'revison' (did you mean 'revision'?)");
        assertThat(error("{path: ./m, revision: v1}")).isEqualTo(
                "compose.yml:1:20: model.revision: 'revision' does not apply to a local model "
                        + "(local models take: path, format)");
    }

    @Test
    void mappingErrors() {
        assertThat(error("{path: ./m, repository: org/name}")).isEqualTo("compose.yml:1:8: model: a model has "
                + "'path' or 'repository', not both ('path' is a local model, 'repository' a Hugging Face one)");
        assertThat(error("{revision: v1}")).startsWith("compose.yml:1:8: model: a model mapping needs 'path'");
        assertThat(error("{provider: huggingface}")).isEqualTo(
                "compose.yml:1:8: model: missing 'repository' (org/name)");
        assertThat(error("{path: ./m, format: gguff}")).isEqualTo(
                "compose.yml:1:28: model.format: unknown model format 'gguff' (did you mean 'gguf'?)");
        assertThat(error("{repository: org/name, local_files_only: 'yes'}")).isEqualTo(
                "compose.yml:1:49: model.local_files_only: expected a boolean (true or false), got a string (yes)");
        assertThat(error("{repository: org/name, filename: a.onnx, allow_patterns: ['*']}")).contains(
                "a model has 'filename' or 'allow_patterns', not both");
        assertThat(error("{repository: org/name, allow_patterns: []}")).contains("allow_patterns is empty");
        assertThat(error("{path: ''}")).isEqualTo("compose.yml:1:15: model.path: 'path' is empty "
                + "(a model file or folder: /abs, ./rel or ~/x)");
    }

    @Test
    void severalProblemsAreReportedTogether() {
        String message = error("{repository: org/name, revison: v1, format: onx}");
        assertThat(message.lines()).hasSize(2);
    }
}
