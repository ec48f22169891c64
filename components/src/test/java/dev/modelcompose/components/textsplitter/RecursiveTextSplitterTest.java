package dev.modelcompose.components.textsplitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The splitter against {@code textsplitter/cases.json}: the cases of the semantics reference (§8.3), the cases
 * model-compose checks, and LangChain behaviours of the language presets, each input with its expected chunks.
 */
class RecursiveTextSplitterTest {

    @TestFactory
    Stream<DynamicTest> everyFixtureCaseGivesItsChunks() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/textsplitter/cases.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        assertThat(cases.size()).isGreaterThanOrEqualTo(40);
        List<DynamicTest> tests = new ArrayList<>();
        cases.forEach(c -> tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            List<Separator> separators;
            if (c.has("language")) {
                separators = SplitterLanguage.find(c.get("language").asText()).orElseThrow().separators();
            } else {
                List<String> texts = new ArrayList<>();
                (c.has("separators") ? c.get("separators") : new ObjectMapper().valueToTree(SplitterLanguage.DEFAULT))
                        .forEach(s -> texts.add(s.asText()));
                separators = texts.stream().map(Separator::literal).toList();
            }
            int size = c.has("chunk_size") ? c.get("chunk_size").asInt() : 1000;
            int overlap = c.has("chunk_overlap") ? c.get("chunk_overlap").asInt() : 200;
            List<String> expected = new ArrayList<>();
            c.get("expected").forEach(e -> expected.add(e.asText()));
            RecursiveTextSplitter splitter = new RecursiveTextSplitter(separators, size, overlap,
                    TextLength.CHARACTERS);
            assertThat(splitter.split(c.get("text").asText())).containsExactlyElementsOf(expected);
        })));
        return tests.stream();
    }

    @Test
    void overlapLargerThanSizeIsRefused() {
        assertThatThrownBy(() -> new RecursiveTextSplitter(List.of(Separator.literal("")), 10, 11,
                TextLength.CHARACTERS))
                .hasMessage("chunk_overlap (11) is larger than chunk_size (10); it must be at most chunk_size");
    }

    @Test
    void aSinkThatStopsEndsTheSplitEarly() {
        List<String> seen = new ArrayList<>();
        RecursiveTextSplitter splitter = new RecursiveTextSplitter(List.of(Separator.literal("")), 2, 0,
                TextLength.CHARACTERS);
        boolean finished = splitter.split("ABCDEFGH", chunk -> {
            seen.add(chunk);
            return seen.size() < 2;
        });
        assertThat(finished).isFalse();
        assertThat(seen).containsExactly("AB", "CD");
    }

    @Test
    void tokenLengthMergesByTheCounter() {
        // a counter that sees one token per word: chunks of at most three words, one word carried over
        TextLength words = text -> (int) Stream.of(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).count();
        RecursiveTextSplitter splitter = new RecursiveTextSplitter(List.of(Separator.literal(" "),
                Separator.literal("")), 3, 1, words);
        assertThat(splitter.split("a bb ccc dddd eeeee ffffff g"))
                .containsExactly("a bb ccc", "ccc dddd eeeee", "eeeee ffffff g");
    }
}
