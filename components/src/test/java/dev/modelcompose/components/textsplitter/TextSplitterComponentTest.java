package dev.modelcompose.components.textsplitter;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text-splitter component as a compose file uses it: load-time checks, call shapes, streaming. */
class TextSplitterComponentTest {
    private static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private String at(String rest) {
        return dir.resolve("compose.yml") + ":" + rest;
    }

    private static String file(String action) {
        return """
                components:
                  - id: split
                    type: text-splitter
                    action:
                """ + action.indent(6) + """
                workflow:
                  jobs:
                    - component: split
                """;
    }

    private Object call(String action, Object input) throws Throwable {
        ComposeFixture fixture = ComposeFixture.load(dir, file(action));
        Component component = fixture.create("split");
        ComponentSpec spec = fixture.spec("split");
        Object result = TestCallContext.await(component.call(spec.actions().get(0), input,
                new TestCallContext(vertx, dir, null)));
        return result instanceof ChunkStream stream ? List.of("stream", TestCallContext.await(stream.collect()))
                : result;
    }

    private void create(String action) {
        ComposeFixture.bindOnly(dir, file(action)).create("split");
    }

    @Test
    void aStringGivesAListOfChunks() throws Throwable {
        Object result = call("text: ${input.text}\nseparators: [' ', '']\nchunk_size: 20\nchunk_overlap: 15",
                Map.of("text", "Data1 Data2 Data3 Data4 Data5 Data6"));
        assertThat(result).isEqualTo(List.of("Data1 Data2 Data3", "Data2 Data3 Data4", "Data3 Data4 Data5",
                "Data4 Data5 Data6"));
    }

    @Test
    void aListGivesAListOfChunkLists() throws Throwable {
        Object result = call("text: ${input.texts}\nchunk_size: 10\nchunk_overlap: 0",
                Map.of("texts", List.of("one two three", "four")));
        assertThat(result).isEqualTo(List.of(List.of("one two", "three"), List.of("four")));
    }

    @Test
    void defaultsAreThousandAndTwoHundred() throws Throwable {
        String text = "word ".repeat(300);
        @SuppressWarnings("unchecked")
        List<String> chunks = (List<String>) call("text: ${input.text}", Map.of("text", text));
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0)).hasSize(999);
        assertThat(chunks.get(1)).startsWith("word").hasSize(699);
    }

    @Test
    void languagePresetSplitsAtDefinitions() throws Throwable {
        Object result = call("text: ${input.code}\nlanguage: python\nchunk_size: 40\nchunk_overlap: 0",
                Map.of("code", "class A:\n    pass\n\ndef run():\n    return A()\n"));
        assertThat(result).isEqualTo(List.of("class A:\n    pass", "def run():\n    return A()"));
    }

    @Test
    void sizesMayComeFromBindings() throws Throwable {
        Object result = call("text: ${input.text}\nseparators: ['']\nchunk_size: ${input.size}\n"
                + "chunk_overlap: ${input.overlap | 0}", Map.of("text", "ABCDEFGH", "size", 3));
        assertThat(result).isEqualTo(List.of("ABC", "DEF", "GH"));
    }

    @Test
    void outputTemplateReadsTheResult() throws Throwable {
        Object result = call("text: ${input.text}\nchunk_size: 5\nchunk_overlap: 0\n"
                + "output: { chunks: '${result}', first: '${result[0]}' }", Map.of("text", "ab cd ef"));
        assertThat(result).isEqualTo(Map.of("chunks", List.of("ab cd", "ef"), "first", "ab cd"));
    }

    @Test
    void streamingGivesTheChunksOneByOne() throws Throwable {
        Object result = call("text: ${input.text}\nseparators: [' ']\nchunk_size: 5\nchunk_overlap: 0\n"
                + "streaming: true\noutput: ${result[] as text}!", Map.of("text", "aa bb cc"));
        assertThat(result).isEqualTo(List.of("stream", List.of("aa bb!", "cc!")));
    }

    @Test
    void nullTextGivesNull() throws Throwable {
        assertThat(call("text: ${input.missing}", Map.of())).isNull();
    }

    @Test
    void textThatIsAMappingIsRefused() {
        assertThatThrownBy(() -> call("text: ${input.doc}", Map.of("doc", Map.of("a", 1))))
                .hasMessage("text must be a string or a list of strings, got a mapping");
    }

    @Test
    void overlapAboveSizeFromBindingsFailsTheCall() {
        assertThatThrownBy(() -> call("text: ${input.text}\nchunk_size: ${input.size}\nchunk_overlap: 50",
                Map.of("text", "abc", "size", 10)))
                .hasMessage("chunk_overlap (50) is larger than chunk_size (10); it must be at most chunk_size");
    }

    @Test
    void unknownLanguageFromABindingFailsTheCall() {
        assertThatThrownBy(() -> call("text: ${input.text}\nlanguage: ${input.lang}",
                Map.of("text", "abc", "lang", "pyhton")))
                .hasMessage("unknown language 'pyhton' (did you mean 'python'?)");
    }

    @Test
    void overlapAboveSizeIsALoadError() {
        assertThatThrownBy(() -> create("text: ${input.text}\nchunk_size: 100\nchunk_overlap: 150"))
                .hasMessage(at("7:22: components[0].action.chunk_overlap: chunk_overlap (150) is larger than"
                        + " chunk_size (100); it must be at most chunk_size (a common choice is 10 to 20 % of"
                        + " chunk_size)"));
    }

    @Test
    void overlapAboveTheDefaultSizeIsALoadError() {
        assertThatThrownBy(() -> create("text: ${input.text}\nchunk_overlap: 1200"))
                .hasMessageContaining("chunk_overlap (1200) is larger than chunk_size (1000)");
    }

    @Test
    void unknownLanguageIsALoadErrorWithDidYouMean() {
        assertThatThrownBy(() -> create("text: ${input.text}\nlanguage: javascipt"))
                .hasMessage(at("6:17: components[0].action.language: unknown language 'javascipt'"
                        + " (did you mean 'javascript'?)"));
    }

    @Test
    void unknownLanguageFarFromAnyListsThem() {
        assertThatThrownBy(() -> create("text: ${input.text}\nlanguage: klingon"))
                .hasMessageEndingWith("unknown language 'klingon' (one of python, javascript, typescript, java,"
                        + " kotlin, scala, go, rust, cpp, c, csharp, ruby, php, swift, html, markdown, latex, sql,"
                        + " solidity, proto)");
    }

    @Test
    void separatorsAndLanguageTogetherAreALoadError() {
        assertThatThrownBy(() -> create("text: ${input.text}\nseparators: [' ']\nlanguage: python"))
                .hasMessage(at("7:17: components[0].action.language: give separators or language, not both"
                        + " (language picks its own separators)"));
    }

    @Test
    void missingTextIsALoadError() {
        assertThatThrownBy(() -> create("chunk_size: 10"))
                .hasMessage(at("5:7: components[0].action: a text-splitter action needs text"
                        + " (for example text: ${input.text})"));
    }

    @Test
    void chunkSizeMustBeAWholeNumber() {
        assertThatThrownBy(() -> create("text: ${input.text}\nchunk_size: big"))
                .hasMessage(at("6:19: components[0].action.chunk_size: chunk_size must be a whole number,"
                        + " got 'big'"));
    }

    @Test
    void tokensNeedATokenizer() {
        assertThatThrownBy(() -> create("text: ${input.text}\nlength: tokens"))
                .hasMessage(at("6:15: components[0].action.length: length: tokens needs a tokenizer"
                        + " (for example tokenizer: builtin:all-minilm-l6-v2)"));
    }

    @Test
    void tokenizerWithoutTokensIsRefused() {
        assertThatThrownBy(() -> create("text: ${input.text}\ntokenizer: builtin:all-minilm-l6-v2"))
                .hasMessage(at("6:18: components[0].action.tokenizer: tokenizer is used only with length: tokens"
                        + " (add length: tokens to count chunk sizes in the model's tokens)"));
    }

    @Test
    void separatorsMustBeStrings() {
        assertThatThrownBy(() -> create("text: ${input.text}\nseparators: [' ', 3]"))
                .hasMessage(at("6:25: components[0].action.separators[1]: separators must be strings, got 3"
                        + " (quote separators such as \"\\n\" in YAML)"));
    }
}
