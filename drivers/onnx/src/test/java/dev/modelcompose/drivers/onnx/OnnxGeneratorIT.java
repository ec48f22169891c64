package dev.modelcompose.drivers.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.GenerationParams;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.GenerationResult;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generation loop on tiny decoder models that the test writes (with and without a KV cache). */
class OnnxGeneratorIT {
    private static final String PROMPT = "the cat sees a bird in the tree";

    @TempDir
    static Path dir;

    private static final List<AutoCloseable> opened = new ArrayList<>();
    private static OnnxGenerator kv;
    private static OnnxGenerator noKv;

    @BeforeAll
    static void writeModels() throws OrtException {
        kv = open(TinyDecoderModels.writeWithKvCache(dir.resolve("kv")), Map.of());
        noKv = open(TinyDecoderModels.writeWithoutKvCache(dir.resolve("no-kv")), Map.of());
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    static OnnxGenerator open(Path folder, Map<String, Object> settings) throws OrtException {
        ModelFiles files = ModelFiles.locate(new ResolvedModel(folder, "onnx", "./" + folder.getFileName()));
        OrtSession session = OrtEnvironment.getEnvironment().createSession(files.modelFile().toString());
        opened.add(0, session);
        OnnxGenerator generator = new OnnxGenerator(files, session, new ModelLoadRequest("llm", "text-generation",
                new ResolvedModel(folder, "onnx", "./" + folder.getFileName()), "cpu", Map.of(), settings, List.of(),
                folder));
        opened.add(0, generator);
        return generator;
    }

    static GenerationParams greedy(int max, List<String> stops) {
        return new GenerationParams(max, null, false, null, null, null, null, null, stops, null, null, null);
    }

    static GenerationParams sampling(Long seed) {
        return new GenerationParams(30, null, true, 1.5, 0, 1.0, null, seed, null, null, null, null);
    }

    static GenerationRequest prompt(String text, GenerationParams params) {
        return new GenerationRequest(text, null, null, params);
    }

    record Run(GenerationResult result, List<String> deltas) {
        String streamed() {
            return String.join("", deltas);
        }
    }

    static Run run(OnnxGenerator generator, GenerationRequest request) {
        List<String> deltas = new ArrayList<>();
        GenerationResult result = generator.generate(request, d -> deltas.add(d), new Cancellation());
        return new Run(result, deltas);
    }

    @Test
    void streamsTokensInOrderAndTheirConcatenationIsTheText() {
        Run run = run(kv, prompt(PROMPT, greedy(20, null)));

        assertThat(run.result().outputTokens()).isEqualTo(20);
        assertThat(run.result().inputTokens()).isEqualTo(8);
        assertThat(run.result().finishReason()).isEqualTo("length");
        assertThat(run.deltas()).hasSizeGreaterThan(1).allSatisfy(d -> assertThat(d).isNotEmpty());
        assertThat(run.streamed()).isEqualTo(run.result().text());
        assertThat(run.result().text().split(" ")).hasSize(20)
                .allSatisfy(word -> assertThat(TinyDecoderModels.words()).contains(word));
    }

    @Test
    void maxOutputLengthBoundsTheTokens() {
        Run run = run(kv, prompt(PROMPT, greedy(5, null)));

        assertThat(run.result().outputTokens()).isEqualTo(5);
        assertThat(run.result().finishReason()).isEqualTo("length");
        assertThat(run.result().text().split(" ")).hasSize(5);
    }

    @Test
    void kvCacheAndFullRecomputeGiveTheSameGreedyText() {
        assertThat(kv.hasKvCache()).isTrue();
        assertThat(noKv.hasKvCache()).isFalse();

        Run withCache = run(kv, prompt(PROMPT, greedy(40, null)));
        Run without = run(noKv, prompt(PROMPT, greedy(40, null)));

        assertThat(withCache.result().text()).isEqualTo(without.result().text());
        assertThat(new HashSet<>(List.of(withCache.result().text().split(" ")))).hasSizeGreaterThan(3);
    }

    @Test
    void stopSequencesEndTheTextBeforeThemAndAreHeldBackWhileStreaming() {
        String full = run(kv, prompt(PROMPT, greedy(30, null))).result().text();
        String[] words = full.split(" ");
        // a stop sequence that spans two tokens: the end of word 6, the space, the start of word 7
        String stop = words[5].substring(words[5].length() - 1) + " " + words[6].charAt(0);
        int at = full.indexOf(stop);

        Run run = run(kv, prompt(PROMPT, greedy(30, List.of("no such text", stop))));

        assertThat(run.result().text()).isEqualTo(full.substring(0, at));
        assertThat(run.result().finishReason()).isEqualTo("stop");
        assertThat(run.streamed()).isEqualTo(run.result().text());
        assertThat(run.result().outputTokens()).isLessThan(30);
    }

    @Test
    void theSameSeedGivesTheSameTextAndOtherSeedsDiffer() {
        String first = run(kv, prompt(PROMPT, sampling(7L))).result().text();
        String again = run(kv, prompt(PROMPT, sampling(7L))).result().text();
        Set<String> others = new HashSet<>();
        for (long seed = 1; seed <= 3; seed++) {
            others.add(run(kv, prompt(PROMPT, sampling(seed))).result().text());
        }
        String greedyText = run(kv, prompt(PROMPT, greedy(30, null))).result().text();

        assertThat(again).isEqualTo(first);
        assertThat(others).hasSize(3);
        assertThat(first).isNotEqualTo(greedyText);
    }

    @Test
    void cancellationStopsWithinAToken() {
        Cancellation cancellation = new Cancellation();
        List<String> deltas = new ArrayList<>();
        GenerationResult result = kv.generate(prompt(PROMPT, greedy(50, null)), d -> {
            deltas.add(d);
            if (deltas.size() == 3) {
                cancellation.cancel("client went away");
            }
            return true;
        }, cancellation);

        assertThat(result.finishReason()).isEqualTo("cancelled");
        assertThat(result.outputTokens()).isEqualTo(3);
        assertThat(String.join("", deltas)).isEqualTo(result.text());
    }

    @Test
    void aSinkThatReturnsFalseStopsGeneration() {
        List<String> deltas = new ArrayList<>();
        TokenSink sink = d -> {
            deltas.add(d);
            return deltas.size() < 2;
        };
        GenerationResult result = kv.generate(prompt(PROMPT, greedy(50, null)), sink, new Cancellation());

        assertThat(result.finishReason()).isEqualTo("cancelled");
        assertThat(result.outputTokens()).isEqualTo(2);
        assertThat(deltas).hasSize(2);
    }

    @Test
    void repetitionPenaltyAvoidsTokensAlreadySeen() {
        GenerationParams params = new GenerationParams(12, null, false, null, null, null, 1e9, null, null, null,
                null, null);
        String text = run(kv, prompt(PROMPT, params)).result().text();

        List<String> words = List.of(text.split(" "));
        assertThat(new HashSet<>(words)).hasSize(words.size());
        assertThat(words).doesNotContainAnyElementsOf(List.of(PROMPT.split(" ")));
    }

    @Test
    void endOfSequenceStopsUnlessMinOutputLengthSuppressesIt() throws OrtException {
        OnnxGenerator eager = open(TinyDecoderModels.write(dir.resolve("eager-eos"), true, 1000f), Map.of());

        GenerationResult immediate = eager.generate(prompt(PROMPT, greedy(20, null)), TokenSink.IGNORE,
                new Cancellation());
        GenerationResult three = eager.generate(prompt(PROMPT, new GenerationParams(20, 3, false, null, null, null,
                null, null, null, null, null, null)), TokenSink.IGNORE, new Cancellation());

        assertThat(immediate.outputTokens()).isZero();
        assertThat(immediate.finishReason()).isEqualTo("stop");
        assertThat(immediate.text()).isEmpty();
        assertThat(three.outputTokens()).isEqualTo(3);
        assertThat(three.finishReason()).isEqualTo("stop");
    }

    @Test
    void withoutEosIdsTheTokenizerConfigsEosTokenEndsGeneration() throws Exception {
        Path folder = TinyDecoderModels.write(dir.resolve("eos-token"), true, 1000f);
        Files.writeString(folder.resolve("generation_config.json"), "{}");
        Files.writeString(folder.resolve("config.json"), "{\"max_position_embeddings\": 512}");
        OnnxGenerator generator = open(folder, Map.of());

        GenerationResult result = generator.generate(prompt(PROMPT, greedy(20, null)), TokenSink.IGNORE,
                new Cancellation());

        assertThat(result.outputTokens()).isZero();
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void symbolicHeadDimsOfThePastAreReadFromConfigJson() throws OrtException {
        Path folder = dir.resolve("symbolic-heads");
        TinyDecoderModels.write(folder, true, -1000f);
        TinyDecoderModels.decoder(new TinyDecoderModels.Variant(true, -1000f, true, false, false))
                .write(folder.resolve("model.onnx"));
        OnnxGenerator symbolic = open(folder, Map.of());

        assertThat(run(symbolic, prompt(PROMPT, greedy(12, null))).result().text())
                .isEqualTo(run(kv, prompt(PROMPT, greedy(12, null))).result().text());
    }

    @Test
    void aMergedDecoderGetsUseCacheBranch() throws OrtException {
        Path folder = dir.resolve("merged");
        TinyDecoderModels.write(folder, true, -1000f);
        TinyDecoderModels.decoder(new TinyDecoderModels.Variant(true, -1000f, false, true, false))
                .write(folder.resolve("model.onnx"));
        OnnxGenerator merged = open(folder, Map.of());

        assertThat(run(merged, prompt(PROMPT, greedy(12, null))).result().text())
                .isEqualTo(run(kv, prompt(PROMPT, greedy(12, null))).result().text());
    }

    @Test
    void aFloat16CacheAndFloat16LogitsWork() throws OrtException {
        Path folder = dir.resolve("half");
        TinyDecoderModels.write(folder, true, -1000f);
        TinyDecoderModels.decoder(new TinyDecoderModels.Variant(true, -1000f, false, false, true))
                .write(folder.resolve("model.onnx"));
        OnnxGenerator half = open(folder, Map.of());

        assertThat(run(half, prompt(PROMPT, greedy(12, null))).result().text())
                .isEqualTo(run(kv, prompt(PROMPT, greedy(12, null))).result().text());
    }

    @Test
    void chatMessagesAreRenderedWithTheModelsTemplate() {
        GenerationRequest chat = new GenerationRequest(null, List.of(
                Map.of("role", "system", "content", "you are a friend"),
                Map.of("role", "user", "content", "hello")), null, greedy(6, null));

        assertThat(kv.renderChat(chat)).isEqualTo("<|im_start|>system\nyou are a friend<|im_end|>\n"
                + "<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n");
        Run run = run(kv, chat);
        assertThat(run.result().inputTokens()).isEqualTo(13);
        assertThat(run.result().outputTokens()).isEqualTo(6);
        assertThat(run.streamed()).isEqualTo(run.result().text());
    }

    @Test
    void theComponentsChatTemplateWinsAndItsRaiseExceptionIsAClearError() throws OrtException {
        Path folder = TinyDecoderModels.writeWithKvCache(dir.resolve("llama-style"));
        OnnxGenerator llama = open(folder, Map.of("chat_template", ChatTemplateTest.LLAMA2_TEMPLATE));

        GenerationRequest ok = new GenerationRequest(null, List.of(
                Map.of("role", "user", "content", " hello "),
                Map.of("role", "assistant", "content", "hi"),
                Map.of("role", "user", "content", "bye")), null, greedy(4, null));
        GenerationRequest twoUsers = new GenerationRequest(null, List.of(
                Map.of("role", "user", "content", "hello"),
                Map.of("role", "user", "content", "bye")), null, greedy(4, null));

        assertThat(llama.renderChat(ok)).isEqualTo("<s>[INST] hello [/INST] hi </s><s>[INST] bye [/INST]");
        assertThat(run(llama, ok).result().outputTokens()).isEqualTo(4);
        assertThatThrownBy(() -> llama.generate(twoUsers, TokenSink.IGNORE, new Cancellation()))
                .isInstanceOf(ModelException.class)
                .hasMessage("the chat template failed: Conversation roles must alternate "
                        + "user/assistant/user/assistant/...");
    }

    @Test
    void callsWithToolsUseTheToolUseTemplate() throws Exception {
        Path folder = TinyDecoderModels.writeWithKvCache(dir.resolve("named-templates"));
        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\", \"chat_template\": ["
                + "{\"name\": \"default\", \"template\": \"{{ messages[0].content }}\"},"
                + "{\"name\": \"tool_use\", \"template\": \"{% for t in tools %}{{ t.name }} {% endfor %}"
                + "{{ messages[0].content }}\"}]}");
        OnnxGenerator named = open(folder, Map.of());
        List<Map<String, Object>> messages = List.of(Map.of("role", "user", "content", "hello"));

        assertThat(named.renderChat(new GenerationRequest(null, messages, null, null))).isEqualTo("hello");
        assertThat(named.renderChat(new GenerationRequest(null, messages, List.of(Map.of("name", "weather")), null)))
                .isEqualTo("weather hello");
    }

    @Test
    void aModelWithoutAChatTemplateSaysToSetOne() throws Exception {
        Path folder = TinyDecoderModels.writeWithKvCache(dir.resolve("no-template"));
        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        OnnxGenerator plain = open(folder, Map.of());
        GenerationRequest chat = new GenerationRequest(null, List.of(Map.of("role", "user", "content", "hi")), null,
                greedy(4, null));

        assertThatThrownBy(() -> plain.generate(chat, TokenSink.IGNORE, new Cancellation()))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./no-template has no chat template (no chat_template in its tokenizer_config.json);"
                        + " set chat_template on the component");
        assertThat(run(plain, prompt("hello", greedy(3, null))).result().outputTokens()).isEqualTo(3);
    }

    @Test
    void aModelWithoutLogitsIsRefusedWithItsInputsAndOutputs() {
        Path folder = TinyDecoderModels.writeWithoutLogits(dir.resolve("encoder"));

        assertThatThrownBy(() -> open(folder, Map.of()))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./encoder does not fit text generation: it needs an input input_ids and an output "
                        + "logits [batch, sequence, vocab] (a decoder-only model exported in the Optimum layout); "
                        + "its inputs are input_ids; its outputs are hidden");
    }

    @Test
    void theModelsContextBoundsThePromptAndTheReply() {
        String tooLong = String.join(" ", Collections.nCopies(600, "cat"));
        String nearlyFull = String.join(" ", Collections.nCopies(500, "cat"));

        assertThatThrownBy(() -> kv.generate(prompt(tooLong, greedy(3, null)), TokenSink.IGNORE, new Cancellation()))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./kv: the prompt has 600 tokens; the model takes at most 512");
        GenerationResult result = kv.generate(prompt(nearlyFull, greedy(100, null)), TokenSink.IGNORE,
                new Cancellation());
        assertThat(result.outputTokens()).isEqualTo(12);
        assertThat(result.finishReason()).isEqualTo("length");
    }

    @Test
    void aJsonSchemaIsRefusedRatherThanIgnored() {
        GenerationParams params = new GenerationParams(5, null, false, null, null, null, null, null, null,
                Map.of("type", "object"), null, null);

        assertThatThrownBy(() -> kv.generate(prompt(PROMPT, params), TokenSink.IGNORE, new Cancellation()))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./kv: the onnx driver cannot constrain generation to params.json_schema (the "
                        + "llamacpp driver can); remove it");
    }

    @Test
    void anEmptyPromptIsAClearError() {
        assertThatThrownBy(() -> kv.generate(prompt("", greedy(3, null)), TokenSink.IGNORE, new Cancellation()))
                .isInstanceOf(ModelException.class)
                .hasMessage("model ./kv: the prompt is empty");
    }
}
