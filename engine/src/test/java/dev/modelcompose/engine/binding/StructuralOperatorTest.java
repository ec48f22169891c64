package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.ChunkStream;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The structural keys beyond the conformance cases, including streams. */
class StructuralOperatorTest {
    static final Set<String> SOURCES = Set.of("input", "jobs");

    static Object render(Object template, Map<String, Object> input) {
        return Template.compile(Nodes.of(template), SOURCES).render(Scope.of("input", input));
    }

    static Object await(ChunkStream stream) throws Exception {
        return stream.collect().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void spreadOrderDecidesWhoWins() {
        Map<String, Object> input = map("src", map("a", 1, "b", 2));
        assertThat(render(map("b", 0, "...", "${input.src}"), input)).isEqualTo(map("b", 2, "a", 1));
        assertThat(render(map("...", "${input.none}", "c", 3), input)).isEqualTo(map("c", 3));
        assertThatThrownBy(() -> render(map("...", "${input.src.a}"), input))
                .isInstanceOf(BindingException.class)
                .hasMessage("compose.yml:3:11: workflow.output: '...' needs a mapping to spread, got the number 1");
        assertThatThrownBy(() -> render(list("...${input.src}"), input))
                .hasMessage("compose.yml:3:11: workflow.output: '...' needs a list to spread, got a mapping");
    }

    @Test
    void listSpreadNeedsTheWholeString() {
        assertThat(render(list("...${input.a} x"), map("a", "A"))).isEqualTo(list("...A x"));
        assertThat(render(list("...${input.a}${input.a}"), map("a", "A"))).isEqualTo(list("...AA"));
    }

    @Test
    void mapWithoutTemplateGivesTheElements() {
        assertThat(render(map("*", "${input.xs}"), map("xs", list(1, 2)))).isEqualTo(list(1, 2));
    }

    @Test
    void nestedMapsSeeTheInnermostItem() {
        Object template = map("*", "${input.rows}", "cells", map("*", "${item.cells}", "v", "${item}:${index}"));
        assertThat(render(template, map("rows", list(map("cells", list("a", "b")), map("cells", list("c"))))))
                .isEqualTo(list(map("cells", list(map("v", "a:0"), map("v", "b:1"))),
                        map("cells", list(map("v", "c:0")))));
    }

    @Test
    void mapOverANonListFails() {
        assertThatThrownBy(() -> render(map("*", "${input.x}", "v", 1), map("x", "text")))
                .isInstanceOf(BindingException.class)
                .hasMessage("compose.yml:3:11: workflow.output: '*' needs a list or a stream, got the string \"text\"");
    }

    @Test
    void mapOverAStreamIsLazy() throws Exception {
        ChunkPublisher source = new ChunkPublisher(false);
        Object result = Template.compile(Nodes.of(map("*", map("input", "${input.s}",
                        "where", map("input", "${item}", "operator", "gte", "value", 2)),
                        "v", "${item}", "i", "${index}")),
                SOURCES).render(Scope.of("input", map("s", source)));
        assertThat(result).isInstanceOf(ChunkStream.class);
        source.emit(1);
        source.emit(2);
        source.emit(3);
        source.end();
        assertThat(await((ChunkStream) result)).isEqualTo(list(map("v", 2, "i", 1), map("v", 3, "i", 2)));
    }

    @Test
    void conditionInAList() {
        Object template = list(map("?", map("input", "${input.x}", "operator", "in", "value", list("a", "b"),
                "if_true", "yes", "if_false", "no")));
        assertThat(render(template, map("x", "b"))).isEqualTo(list("yes"));
        assertThat(render(template, map("x", "c"))).isEqualTo(list("no"));
    }

    @Test
    void conditionMergeNeedsAMapping() {
        assertThatThrownBy(() -> render(map("a", 1, "?", map("input", "${input.x}", "value", 1, "if_true", "str")),
                map("x", 1))).hasMessage("compose.yml:3:11: workflow.output: '?' next to other keys needs a mapping "
                + "to merge, got the string \"str\"");
    }

    @Test
    void conditionWithCombinators() {
        Object template = map("?", map("any", list(map("input", "${input.x}", "value", 1),
                map("input", "${input.x}", "value", 2)), "if_true", "low", "if_false", "high"));
        assertThat(render(template, map("x", 2))).isEqualTo("low");
        assertThat(render(template, map("x", 3))).isEqualTo("high");
    }

    @Test
    void joinWithSiblingsIsALiteralKey() {
        assertThat(render(map("+", "a", "b", "${input.x}"), map("x", 1))).isEqualTo(map("+", "a", "b", 1));
    }

    @Test
    void joinOfABindingToAList() {
        assertThat(render(map("+", "${input.parts}"), map("parts", list("a", null, "b")))).isEqualTo("ab");
        assertThat(render(map("+", "${input.none}"), map())).isNull();
        assertThatThrownBy(() -> render(map("+", "${input.x}"), map("x", "a")))
                .hasMessage("compose.yml:3:11: workflow.output.+: '+' needs a list of parts, got the string \"a\"");
    }

    @Test
    void joinWithAStreamIsOneStream() throws Exception {
        ChunkStream stream = ChunkStream.of(true, "b", "c");
        Object result = render(map("+", list("a", "${input.s}", "d")), map("s", stream));
        assertThat(result).isInstanceOf(ChunkStream.class);
        assertThat(((ChunkStream) result).fragmented()).isTrue();
        assertThat(((ChunkStream) result).drain().toCompletionStage().toCompletableFuture().get()).isEqualTo("abcd");
    }

    @Test
    void splitOfNothingGivesEmptyLists() {
        assertThat(render(map("|", "${input.none}", "a", "${item}", "b", "${index}"), map()))
                .isEqualTo(map("a", list(), "b", list()));
    }

    @Test
    void splitOfAStreamGivesAStreamPerField() throws Exception {
        ChunkStream source = ChunkStream.of(false, map("x", 1, "y", 2), map("x", 3, "y", 4));
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) render(map("|", "${input.s}", "xs", "${item.x}",
                "ys", "${item.y}"), map("s", source));
        assertThat(await((ChunkStream) result.get("xs"))).isEqualTo(List.of(1, 3));
        assertThat(await((ChunkStream) result.get("ys"))).isEqualTo(List.of(2, 4));
    }

    @Test
    void operatorsNest() {
        Object template = map("users", map("*", "${input.users}", "name", "${item.name}",
                "...", map("?", map("input", "${item.admin}", "value", true, "if_true", map("role", "admin")))));
        assertThat(render(template, map("users", list(map("name", "ada", "admin", true), map("name", "bob")))))
                .isEqualTo(map("users", list(map("name", "ada", "role", "admin"), map("name", "bob"))));
    }

    @Test
    void textAroundAStreamIsAStream() throws Exception {
        Object result = render("got=${input.s}!", map("s", ChunkStream.of(true, "a", 1)));
        assertThat(result).isInstanceOf(ChunkStream.class);
        assertThat(((ChunkStream) result).drain().toCompletionStage().toCompletableFuture().get())
                .isEqualTo("got=a1!");
    }

    @Test
    void textOfAStreamConvertsEachChunk() throws Exception {
        Object result = render("${input.s as text}", map("s", ChunkStream.of(false, map("a", 1), true)));
        assertThat(await((ChunkStream) result)).isEqualTo(List.of("{\"a\":1}", "true"));
    }
}
