package dev.modelcompose.cli;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonOutputTest {

    @Test
    void documentsArePrettyWithTwoSpacesAndKeepNonAscii() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("greeting", "Hallo, Ådа 👋");
        value.put("tags", List.of("a", 1, true));
        value.put("empty", Map.of());
        value.put("none", List.of());
        value.put("nothing", null);
        assertThat(JsonOutput.document(value)).isEqualTo("""
                {
                  "greeting": "Hallo, Ådа 👋",
                  "tags": [
                    "a",
                    1,
                    true
                  ],
                  "empty": {},
                  "none": [],
                  "nothing": null
                }""");
    }

    @Test
    void aStringOutputIsAJsonString() {
        assertThat(JsonOutput.document("line \"one\"\nline two")).isEqualTo("\"line \\\"one\\\"\\nline two\"");
    }

    @Test
    void chunksAreRawTextOrCompactJson() {
        assertThat(JsonOutput.chunkLine("a line\n")).isEqualTo("a line");
        assertThat(JsonOutput.chunkLine("token")).isEqualTo("token");
        assertThat(JsonOutput.chunkLine(Map.of("a", List.of(1, 2)))).isEqualTo("{\"a\":[1,2]}");
        assertThat(JsonOutput.chunkLine(42)).isEqualTo("42");
    }
}
