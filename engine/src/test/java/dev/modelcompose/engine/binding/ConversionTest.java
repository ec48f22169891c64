package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.value.ChunkStream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every {@code as} type. */
class ConversionTest {

    static Object convert(String type, Object value) {
        return Template.compile(Nodes.of("${input.v as " + type + "}"), Set.of("input"))
                .render(Scope.of("input", map("v", value)));
    }

    static String failure(String type, Object value) {
        try {
            convert(type, value);
        } catch (BindingException e) {
            return e.getMessage();
        }
        throw new AssertionError("no failure for " + type + " on " + value);
    }

    @Test
    void text() {
        assertThat(convert("text", 5)).isEqualTo("5");
        assertThat(convert("string", 2.5)).isEqualTo("2.5");
        assertThat(convert("string", 3.0)).isEqualTo("3");
        assertThat(convert("text", true)).isEqualTo("true");
        assertThat(convert("text", list(1, "a"))).isEqualTo("[1,\"a\"]");
        assertThat(convert("text", "hé".getBytes(StandardCharsets.UTF_8))).isEqualTo("hé");
        assertThat(convert("text", null)).isNull();
        assertThat(convert("markdown", "# Title")).isEqualTo("# Title");
    }

    @Test
    void integer() {
        assertThat(convert("integer", "42")).isEqualTo(42);
        assertThat(convert("integer", " 7 ")).isEqualTo(7);
        assertThat(convert("integer", "5.0")).isEqualTo(5);
        assertThat(convert("integer", -3.9)).isEqualTo(-3);
        assertThat(convert("integer", true)).isEqualTo(1);
        assertThat(convert("integer", "9999999999")).isEqualTo(9999999999L);
        assertThat(failure("integer", "abc")).isEqualTo("compose.yml:3:11: workflow.output: ${input.v as integer}: "
                + "expected an integer, got the string \"abc\"");
        assertThat(failure("integer", "3.5")).endsWith("expected an integer, got the string \"3.5\"");
        assertThat(failure("integer", map())).endsWith("expected an integer, got a mapping");
        assertThat(failure("integer", "1e999999999")).endsWith("expected an integer, got the string \"1e999999999\"");
    }

    @Test
    void number() {
        assertThat(convert("number", "1e3")).isEqualTo(1000.0);
        assertThat(convert("number", 2)).isEqualTo(2.0);
        assertThat(failure("number", "12abc")).endsWith("expected a number, got the string \"12abc\"");
        assertThat(failure("number", "1f")).endsWith("expected a number, got the string \"1f\"");
    }

    @Test
    void bool() {
        assertThat(convert("boolean", "TRUE")).isEqualTo(true);
        assertThat(convert("boolean", 1)).isEqualTo(true);
        assertThat(convert("boolean", "false")).isEqualTo(false);
        assertThat(convert("boolean", "yes")).isEqualTo(false);
        assertThat(convert("boolean", false)).isEqualTo(false);
    }

    @Test
    void json() {
        assertThat(convert("json", "{\"a\": [1, true]}")).isEqualTo(map("a", list(1, true)));
        assertThat(convert("json", "\"x\"")).isEqualTo("x");
        assertThat(convert("json", "[1]".getBytes(StandardCharsets.UTF_8))).isEqualTo(list(1));
        assertThat(convert("json", map("a", 1))).isEqualTo(map("a", 1));
        assertThat(failure("json", "{oops")).startsWith("compose.yml:3:11: workflow.output: ${input.v as json}: "
                + "expected JSON, got the string \"{oops\" (");
    }

    @Test
    void listAndObject() {
        assertThat(convert("list", "[1, 2]")).isEqualTo(list(1, 2));
        assertThat(convert("list", list("a"))).isEqualTo(list("a"));
        assertThat(failure("list", "{\"a\": 1}")).endsWith("expected a list, got the string \"{\\\"a\\\": 1}\"");
        assertThat(convert("object", "{\"a\": 1}")).isEqualTo(map("a", 1));
        assertThat(failure("object", list())).endsWith("expected an object, got a list");
        assertThat(failure("object", "[1]")).endsWith("expected an object, got the string \"[1]\"");
    }

    @Test
    void objectProjection() {
        Object value = map("a", 1, "b", map("c", 2, "d", 3), "e", 4);
        assertThat(convert("object/a,b.c", value)).isEqualTo(map("a", 1, "c", 2));
        assertThat(convert("object/zz", value)).isEqualTo(map("zz", null));
        assertThat(convert("object[]/id,score,metadata.text", list(
                map("id", "x", "score", 0.5, "metadata", map("text", "hi"), "vector", list(1, 2)))))
                .isEqualTo(list(map("id", "x", "score", 0.5, "text", "hi")));
    }

    @Test
    void elementWise() {
        assertThat(convert("number[]", list("1.5", 2))).isEqualTo(list(1.5, 2.0));
        assertThat(convert("text[]", list(1, true, null))).isEqualTo(list("1", "true", null));
        assertThat(convert("integer[]", null)).isNull();
        assertThat(failure("integer[]", list("1", "x"))).endsWith("expected an integer, got the string \"x\"");
    }

    @Test
    void elementWiseOverAStreamIsLazy() throws Exception {
        Object result = convert("integer[]", ChunkStream.of(false, "1", "2"));
        assertThat(result).isInstanceOf(ChunkStream.class);
        List<Object> chunks = ((ChunkStream) result).collect().toCompletionStage().toCompletableFuture().get();
        assertThat(chunks).containsExactly(1, 2);
    }

    @Test
    void base64() {
        assertThat(convert("base64", "hello")).isEqualTo("aGVsbG8=");
        assertThat(convert("base64", new byte[]{1, 2, 3})).isEqualTo("AQID");
    }

    @Test
    void streams() throws Exception {
        ChunkStream text = (ChunkStream) convert("stream/text", ChunkStream.of(true, "a", 1, true));
        assertThat(text.collect().toCompletionStage().toCompletableFuture().get()).containsExactly("a", "1", "true");
        ChunkStream json = (ChunkStream) convert("stream/json", ChunkStream.of(true, "one\n", map("a", 1)));
        assertThat(json.collect().toCompletionStage().toCompletableFuture().get())
                .containsExactly("\"one\\n\"", "{\"a\":1}");
        ChunkStream single = (ChunkStream) convert("stream/text", "hello");
        assertThat(single.drain().toCompletionStage().toCompletableFuture().get()).isEqualTo("hello");
        ChunkStream singleJson = (ChunkStream) convert("stream/json", map("a", 1));
        assertThat(singleJson.collect().toCompletionStage().toCompletableFuture().get()).containsExactly("{\"a\":1}");
    }

    @Test
    void mediaAndSelectPassValuesThrough() {
        assertThat(convert("select/a,b", "a")).isEqualTo("a");
        assertThat(convert("image/png", "x.png")).isEqualTo("x.png");
        assertThat(convert("image/png;base64", new byte[]{1, 2, 3})).isEqualTo("AQID");
        assertThat(convert("image/png;data-uri", new byte[]{1, 2, 3})).isEqualTo("data:image/png;base64,AQID");
        assertThat(convert("audio/pcm[sample_rate=16000,channels=1]", "pcm")).isEqualTo("pcm");
        assertThat(convert("file", map("a", 1))).isEqualTo(map("a", 1));
        assertThat(convert("any", 3)).isEqualTo(3);
    }

    @Test
    void conversionAppliesAfterTheDefault() {
        Template template = Template.compile(Nodes.of("${input.v as integer | \"7\"}"), Set.of("input"));
        assertThat(template.render(Scope.of("input", map()))).isEqualTo(7);
    }

    @Test
    void attributesMayHoldBindings() {
        Template template = Template.compile(Nodes.of("${input.v as audio/pcm[sample_rate=${input.sr}];base64}"),
                Set.of("input"));
        assertThat(template.bindings().get(0).type()).isEqualTo("audio");
        assertThat(template.bindings().get(0).subtype()).isEqualTo("pcm");
        assertThat(template.bindings().get(0).format()).isEqualTo("base64");
    }
}
