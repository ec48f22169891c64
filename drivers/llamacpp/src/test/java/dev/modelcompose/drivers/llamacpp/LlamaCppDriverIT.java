package dev.modelcompose.drivers.llamacpp;

import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.GenerationParams;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.GenerationResult;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelDrivers;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import dev.modelcompose.engine.spi.model.TokenSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The llamacpp driver on a generated tiny GGUF: real llama.cpp, real tokens. */
class LlamaCppDriverIT {
    @TempDir
    static Path dir;
    static Path gguf;
    static LoadedModel model;

    @BeforeAll
    static void load() {
        gguf = TinyGguf.write(dir.resolve("tiny.gguf"));
        model = load("text-generation", Map.of("n_ctx", 1024, "n_threads", 2, "parallel", 4), Map.of());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static LoadedModel load(String task, Map<String, Object> options, Map<String, Object> settings) {
        return new LlamaCppDriver().load(request(gguf, task, options, settings, "cpu"));
    }

    static ModelLoadRequest request(Path file, String task, Map<String, Object> options, Map<String, Object> settings,
                                    String device) {
        return new ModelLoadRequest("chat", task, new ResolvedModel(file, "gguf", "./" + file.getFileName()), device,
                options, settings, List.of(), file.getParent());
    }

    static GenerationParams params(Integer max, Double temperature, Long seed, List<String> stops) {
        return new GenerationParams(max, null, null, temperature, null, null, null, seed, stops, null, null, null);
    }

    static GenerationResult generate(LoadedModel m, GenerationParams params, TokenSink sink) {
        return m.generate(new GenerationRequest("Once upon a time", null, null, params), sink, new Cancellation());
    }

    @Test
    void isFoundThroughServiceLoaderByNameAndFormat() {
        ModelDrivers drivers = ModelDrivers.discover();
        assertThat(drivers.get("llamacpp")).containsInstanceOf(LlamaCppDriver.class);
        assertThat(drivers.forFormat("gguf")).containsInstanceOf(LlamaCppDriver.class);
    }

    @Test
    void streamsOnePiecePerTokenUntilMaxOutputLength() {
        List<String> pieces = new ArrayList<>();
        GenerationResult result = generate(model, params(24, 0.8, 7L, null), pieces::add);
        assertThat(result.outputTokens()).isEqualTo(24);
        assertThat(result.finishReason()).isEqualTo("length");
        assertThat(pieces).hasSizeGreaterThan(10);
        assertThat(String.join("", pieces)).isEqualTo(result.text());
        assertThat(result.text()).isNotBlank().matches("[a-z ]+");
        assertThat(result.inputTokens()).isGreaterThan(3);
    }

    @Test
    void theSameSeedGivesTheSameTextAndAnotherSeedAnother() {
        String a = generate(model, params(32, 0.9, 7L, null), TokenSink.IGNORE).text();
        String b = generate(model, params(32, 0.9, 7L, null), TokenSink.IGNORE).text();
        String c = generate(model, params(32, 0.9, 8L, null), TokenSink.IGNORE).text();
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void aStopSequenceEndsGenerationAndIsLeftOut() {
        String full = generate(model, params(40, 0.9, 11L, null), TokenSink.IGNORE).text();
        String stop = full.substring(12, 14);
        String expected = full.substring(0, full.indexOf(stop));
        List<String> pieces = new ArrayList<>();
        GenerationResult result = generate(model, params(40, 0.9, 11L, List.of(stop)), pieces::add);
        assertThat(result.text()).isEqualTo(expected);
        assertThat(String.join("", pieces)).isEqualTo(expected);
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.outputTokens()).isLessThan(40);
    }

    @Test
    void maxOutputLengthAndStopSequencesMayComeInsideParamsAsInModelCompose() {
        String full = generate(model, params(30, 0.9, 11L, null), TokenSink.IGNORE).text();
        String stop = full.substring(20, 22);
        GenerationResult length = generate(model, new GenerationParams(null, null, null, 0.9, null, null, null, 11L,
                null, null, null, Map.of("max_output_length", 6)), TokenSink.IGNORE);
        assertThat(length.outputTokens()).isEqualTo(6);
        assertThat(length.finishReason()).isEqualTo("length");
        GenerationResult stopped = generate(model, new GenerationParams(30, null, null, 0.9, null, null, null, 11L,
                null, null, null, Map.of("stop_sequences", List.of(stop))), TokenSink.IGNORE);
        assertThat(stopped.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
    }

    @Test
    void temperatureZeroIsGreedyAndRepeatable() {
        String a = generate(model, params(16, 0.0, 1L, null), TokenSink.IGNORE).text();
        String b = generate(model, params(16, 0.0, 2L, null), TokenSink.IGNORE).text();
        assertThat(a).isEqualTo(b).isNotEmpty();
    }

    @Test
    void theSinkReturningFalseStopsAtThatToken() {
        List<String> pieces = new ArrayList<>();
        GenerationResult result = generate(model, params(200, 0.8, 7L, null), piece -> {
            pieces.add(piece);
            return pieces.size() < 3;
        });
        assertThat(result.finishReason()).isEqualTo("cancelled");
        assertThat(pieces).hasSize(3);
        assertThat(result.text()).isEqualTo(String.join("", pieces));
    }

    @Test
    void cancellingMidStreamStopsWithinOneToken() {
        Cancellation cancellation = new Cancellation();
        List<String> pieces = new ArrayList<>();
        GenerationResult result = model.generate(new GenerationRequest("Hello", null, null, params(200, 0.8, 7L, null)),
                piece -> {
                    pieces.add(piece);
                    if (pieces.size() == 5) {
                        cancellation.cancel("client went away");
                    }
                    return true;
                }, cancellation);
        assertThat(result.finishReason()).isEqualTo("cancelled");
        assertThat(pieces).hasSize(5);
        assertThat(result.outputTokens()).isEqualTo(5);
        // the model keeps serving after a cancelled call
        assertThat(generate(model, params(8, 0.8, 7L, null), TokenSink.IGNORE).outputTokens()).isEqualTo(8);
    }

    @Test
    void parallelCallsAllComplete() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<GenerationResult>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long seed = i;
                futures.add(pool.submit(() -> generate(model, params(30, 0.8, seed, null), TokenSink.IGNORE)));
            }
            for (Future<GenerationResult> f : futures) {
                GenerationResult r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.outputTokens()).isEqualTo(30);
                assertThat(r.finishReason()).isEqualTo("length");
            }
            // each call alone gives the same text as it did in the crowd
            assertThat(generate(model, params(30, 0.8, 3L, null), TokenSink.IGNORE).text())
                    .isEqualTo(futures.get(3).get().text());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFullQueueFailsAtOnce() throws Exception {
        LoadedModel small = load("text-generation", Map.of("n_ctx", 256, "parallel", 1, "queue_size", 1), Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Future<GenerationResult> first = pool.submit(() -> generate(small, params(20, 0.8, 1L, null), piece -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            Future<GenerationResult> queued = pool.submit(() -> generate(small, params(5, 0.8, 1L, null),
                    TokenSink.IGNORE));
            Thread.sleep(200); // let it enter the queue
            assertThatThrownBy(() -> generate(small, params(5, 0.8, 1L, null), TokenSink.IGNORE))
                    .isInstanceOf(ModelException.class)
                    .hasMessage("model 'chat' is busy: its 1 slot(s) (options.parallel) are taken and 1 call(s) "
                            + "are already waiting (options.queue_size); try again later");
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).outputTokens()).isEqualTo(20);
            assertThat(queued.get(30, TimeUnit.SECONDS).outputTokens()).isEqualTo(5);
        } finally {
            release.countDown();
            pool.shutdownNow();
            small.close();
        }
    }

    @Test
    void cancellingAQueuedCallReturnsWithoutGenerating() throws Exception {
        LoadedModel small = load("text-generation", Map.of("n_ctx", 256, "parallel", 1), Map.of());
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<GenerationResult> first = pool.submit(() -> generate(small, params(10, 0.8, 1L, null), piece -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            Cancellation cancellation = new Cancellation();
            Future<GenerationResult> queued = pool.submit(() -> small.generate(
                    new GenerationRequest("Hi", null, null, params(10, 0.8, 1L, null)), TokenSink.IGNORE, cancellation));
            Thread.sleep(100);
            cancellation.cancel("timed out");
            GenerationResult r = queued.get(10, TimeUnit.SECONDS);
            assertThat(r.finishReason()).isEqualTo("cancelled");
            assertThat(r.outputTokens()).isZero();
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).outputTokens()).isEqualTo(10);
        } finally {
            release.countDown();
            pool.shutdownNow();
            small.close();
        }
    }

    @Test
    void chatMessagesAreRenderedWithTheModelsTemplateOrChatml() {
        List<Map<String, Object>> messages = List.of(Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hi"));
        GenerationRequest request = new GenerationRequest(null, messages, null, params(8, 0.8, 7L, null));
        assertThat(((LlamaCppModel) model).renderChat(request)).isEqualTo(
                "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
        GenerationResult result = model.generate(request, TokenSink.IGNORE, new Cancellation());
        assertThat(result.outputTokens()).isEqualTo(8);
        assertThat(result.inputTokens()).isGreaterThan(20);

        Path withTemplate = TinyGguf.write(dir.resolve("templated/tiny.gguf"), 42,
                "{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}"
                        + "{% if tools %}tools: {% for t in tools %}{{ t.function.name }} {% endfor %}\n{% endif %}"
                        + "{% if add_generation_prompt %}[assistant] {% endif %}");
        LoadedModel templated = new LlamaCppDriver().load(request(withTemplate.getParent(), "chat-completion",
                Map.of("n_ctx", 256), Map.of(), "cpu"));
        try {
            List<Object> tools = List.of(Map.of("type", "function", "function",
                    Map.of("name", "get_weather", "description", "Weather", "parameters",
                            Map.of("type", "object", "properties", Map.of()))));
            assertThat(((LlamaCppModel) templated).renderChat(new GenerationRequest(null, messages, tools, null)))
                    .startsWith("[system] Be brief.").contains("[user] Hi\n").contains("tools: get_weather ")
                    .endsWith("[assistant] ");
        } finally {
            templated.close();
        }
    }

    @Test
    void theChatTemplateSettingOverridesTheModels() {
        LoadedModel custom = load("chat-completion", Map.of("n_ctx", 256),
                Map.of("chat_template", "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}<bot>"));
        try {
            GenerationRequest request = new GenerationRequest(null,
                    List.of(Map.of("role", "user", "content", "Hi")), null, params(4, 0.8, 7L, null));
            assertThat(((LlamaCppModel) custom).renderChat(request)).isEqualTo("<user>Hi<bot>");
            assertThat(custom.generate(request, TokenSink.IGNORE, new Cancellation()).outputTokens()).isEqualTo(4);
        } finally {
            custom.close();
        }
    }

    @Test
    void aGrammarOrJsonSchemaConstrainsTheReply() {
        GenerationParams grammar = new GenerationParams(20, null, null, 0.8, null, null, null, 7L, null, null,
                "root ::= \"yes\" | \"no\"", null);
        assertThat(generate(model, grammar, TokenSink.IGNORE).text()).isIn("yes", "no");
        GenerationParams schema = new GenerationParams(20, null, null, 0.8, null, null, null, 7L, null,
                Map.of("type", "string", "enum", List.of("red", "green")), null, null);
        GenerationResult result = generate(model, schema, TokenSink.IGNORE);
        assertThat(result.text().strip()).isIn("\"red\"", "\"green\"");
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void embeddingsComeFromTheModelsPoolingAndCanBeNormalized() {
        LoadedModel embedder = load("text-embedding", Map.of("n_ctx", 256), Map.of());
        try {
            assertThatThrownBy(() -> embedder.embed(new EmbeddingRequest(List.of("a"), "mean", true, null)))
                    .hasMessage("params.pooling: with driver llamacpp the pooling comes from the GGUF file "
                            + "(its <architecture>.pooling_type); remove pooling");
            List<float[]> vectors = embedder.embed(new EmbeddingRequest(List.of("hello world", "goodbye", "hello world"),
                    null, true, null));
            assertThat(vectors).hasSize(3);
            assertThat(vectors.get(0)).hasSize(TinyGguf.N_EMBD);
            double norm = 0;
            for (float x : vectors.get(0)) {
                norm += x * x;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(vectors.get(2)).containsExactly(vectors.get(0));
            assertThat(vectors.get(1)).isNotEqualTo(vectors.get(0));
            assertThatThrownBy(() -> embedder.generate(new GenerationRequest("x", null, null, null), TokenSink.IGNORE,
                    new Cancellation())).hasMessage("this model does not support text-generation");
        } finally {
            embedder.close();
        }
    }

    @Test
    void aLoraAdapterIsAppliedAtLoadWithItsWeight() {
        ResolvedModel lora = new ResolvedModel(TinyGguf.writeLora(dir.resolve("style-lora.gguf"), 5), "gguf",
                "./style-lora.gguf");
        String plain = generate(model, params(24, 0.8, 7L, null), TokenSink.IGNORE).text();
        for (double weight : new double[] {1.0, 0.0}) {
            LoadedModel styled = new LlamaCppDriver().load(new ModelLoadRequest("chat", "text-generation",
                    new ResolvedModel(gguf, "gguf", "./tiny.gguf"), "cpu", Map.of("n_ctx", 256), Map.of(),
                    List.of(new dev.modelcompose.engine.spi.model.ModelAdapter("lora", "style", lora, weight)), dir));
            try {
                String text = generate(styled, params(24, 0.8, 7L, null), TokenSink.IGNORE).text();
                if (weight == 0.0) {
                    assertThat(text).as("weight 0").isEqualTo(plain);
                } else {
                    assertThat(text).as("weight 1").isNotEqualTo(plain);
                }
            } finally {
                styled.close();
            }
        }
        assertThatThrownBy(() -> new LlamaCppDriver().load(new ModelLoadRequest("chat", "text-generation",
                new ResolvedModel(gguf, "gguf", "./tiny.gguf"), "cpu", Map.of(), Map.of(),
                List.of(new dev.modelcompose.engine.spi.model.ModelAdapter("ia3", "x", lora, 1)), dir)))
                .hasMessage("peft adapter 'x' has type 'ia3': llama.cpp applies only lora adapters");
        // a model file given as an adapter: llama.cpp refuses it, the JVM goes on
        ResolvedModel notAnAdapter = new ResolvedModel(gguf, "gguf", "./tiny.gguf");
        assertThatThrownBy(() -> new LlamaCppDriver().load(new ModelLoadRequest("chat", "text-generation",
                new ResolvedModel(gguf, "gguf", "./tiny.gguf"), "cpu", Map.of(), Map.of(),
                List.of(new dev.modelcompose.engine.spi.model.ModelAdapter("lora", "x", notAnAdapter, 1)), dir)))
                .isInstanceOf(ModelException.class).hasMessageStartingWith("llama.cpp cannot load ./tiny.gguf: ")
                .hasMessageEndingWith(" (check that the lora adapters were made for this model)");
    }

    @Test
    void aPromptLongerThanTheContextIsTruncatedNotFatal() {
        LoadedModel small = load("text-generation", Map.of("n_ctx", 128), Map.of());
        try {
            GenerationResult result = small.generate(new GenerationRequest("lorem ipsum ".repeat(100), null, null,
                    params(8, 0.8, 7L, null)), TokenSink.IGNORE, new Cancellation());
            assertThat(result.inputTokens()).isGreaterThan(128);
            assertThat(result.outputTokens()).isEqualTo(8);
        } finally {
            small.close();
        }
    }

    @Test
    void aClosedModelSaysSo() {
        LoadedModel closed = load("text-generation", Map.of("n_ctx", 256), Map.of());
        closed.close();
        closed.close();
        assertThatThrownBy(() -> generate(closed, params(4, 0.8, 7L, null), TokenSink.IGNORE))
                .isInstanceOf(ModelException.class).hasMessage("model 'chat' is closed");
    }

    @Test
    void gpuOffloadWithTheBundledCpuLibraryIsRefused() {
        String hint = "needs a CUDA build of java-llama.cpp's native library; the bundled one runs on the CPU only. "
                + "Build libjllama.so with -DGGML_CUDA=ON and point the JVM at its folder: "
                + "COMPOSE_JAVA_OPTS=-Dde.kherud.llama.lib.path=/path/to/folder ./compose ... "
                + "(or use device: cpu and n_gpu_layers: 0)";
        assertThatThrownBy(() -> new LlamaCppDriver().load(request(gguf, "text-generation", Map.of("n_gpu_layers", 33),
                Map.of(), "cpu"))).isInstanceOf(ModelException.class)
                .hasMessage("GPU offload (n_gpu_layers: 33) " + hint);
        assertThatThrownBy(() -> new LlamaCppDriver().load(request(gguf, "text-generation", Map.of(), Map.of(),
                "cuda"))).isInstanceOf(ModelException.class).hasMessage("GPU offload (device: cuda) " + hint);
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> load("text-generation", Map.of("n_ctxx", 256), Map.of()))
                .hasMessage("unknown llamacpp option 'n_ctxx' (known: n_ctx, n_threads, n_gpu_layers, n_batch, "
                        + "parallel, queue_size, seed, verbose)");
        assertThatThrownBy(() -> load("text-generation", Map.of("parallel", 0), Map.of()))
                .hasMessage("options.parallel must be an integer of at least 1, got 0");
        assertThatThrownBy(() -> load("text-generation", Map.of("n_ctx", "big"), Map.of()))
                .hasMessage("options.n_ctx must be an integer of at least 0, got 'big'");
    }

    @Test
    void aFolderMustHoldExactlyOneGguf() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("two"));
        TinyGguf.write(folder.resolve("a.gguf"));
        TinyGguf.write(folder.resolve("b.gguf"));
        assertThatThrownBy(() -> new LlamaCppDriver().load(request(folder, "text-generation", Map.of(), Map.of(),
                "cpu"))).hasMessage("model folder ./two holds 2 .gguf files; name one with model.path (a.gguf, b.gguf)");
    }

    @Test
    void corruptAndTruncatedFilesAreRefusedBeforeLlamaCppSeesThem() throws Exception {
        byte[] good = Files.readAllBytes(gguf);
        Path truncated = Files.write(dir.resolve("truncated.gguf"), java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> new LlamaCppDriver().load(request(truncated, "text-generation", Map.of(), Map.of(),
                "cpu"))).isInstanceOf(ModelException.class).hasMessage("model file ./truncated.gguf is truncated: "
                + "its tensors need " + good.length + " bytes but the file has " + good.length / 2
                + "; download it again");
        Path html = Files.writeString(dir.resolve("html.gguf"), "<!doctype html><p>Not found</p>");
        assertThatThrownBy(() -> new LlamaCppDriver().load(request(html, "text-generation", Map.of(), Map.of(),
                "cpu"))).hasMessage("model file ./html.gguf is not a GGUF file (it does not start with the bytes GGUF)");
        byte[] garbled = good.clone();
        for (int i = 24; i < 40; i++) {
            garbled[i] = (byte) 0xFF;
        }
        Path corrupt = Files.write(dir.resolve("corrupt.gguf"), garbled);
        assertThatThrownBy(() -> new LlamaCppDriver().load(request(corrupt, "text-generation", Map.of(), Map.of(),
                "cpu"))).hasMessage("model file ./corrupt.gguf has a corrupt GGUF header: a string of implausible "
                + "length -1");
        Path header = Files.write(dir.resolve("cut.gguf"), java.util.Arrays.copyOf(good, 100));
        assertThatThrownBy(() -> new LlamaCppDriver().load(request(header, "text-generation", Map.of(), Map.of(),
                "cpu"))).hasMessage("model file ./cut.gguf is truncated: it ends inside its GGUF header (100 bytes); "
                + "download it again");
    }

    @Test
    void unsupportedTasksAreRefused() {
        assertThatThrownBy(() -> load("text-classification", Map.of(), Map.of()))
                .hasMessage("this model does not support text-classification");
        assertThat(new LlamaCppDriver().tasks())
                .containsExactlyInAnyOrder("text-generation", "chat-completion", "text-embedding");
    }
}
