package dev.modelcompose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelcompose.drivers.llamacpp.TinyGguf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/local-chat and examples/hybrid-draft-refine, run with generated tiny random-weight GGUFs. */
class LocalExamplesIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    static Path small;
    static Path large;

    @BeforeAll
    static void models() {
        small = TinyGguf.write(dir.resolve("small.gguf"), 1, null);
        large = TinyGguf.write(dir.resolve("large.gguf"), 2, null);
    }

    @Test
    void localChatStreamsTheReplyTokenByToken() {
        CliRun run = CliRun.execute(ROOT, Map.of("GGUF_MODEL", small.toString()), "run", "-f",
                "examples/local-chat/compose.yml", "--input", "{\"prompt\": \"Why is the sky blue?\"}");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        // one line per streamed chunk: the tiny model writes 256 tokens of lowercase letters and spaces
        String[] chunks = run.out().split("\n");
        assertThat(chunks.length).isGreaterThan(100);
        assertThat(String.join("", chunks)).matches("[a-z ]+");
    }

    @Test
    void hybridDraftRefineRefinesOnlyLongDrafts() throws Exception {
        Map<String, String> env = Map.of("DRAFT_MODEL", small.toString(), "REFINE_MODEL", large.toString());
        JsonNode refined = run(env, 50);
        assertThat(refined.get("refined").asBoolean()).isTrue();
        assertThat(refined.get("draft_length").asInt()).isGreaterThan(50);
        JsonNode kept = run(env, 100_000);
        assertThat(kept.get("refined").asBoolean()).isFalse();
        assertThat(kept.get("latency_ms").get("refine").asLong()).isZero();
        // the same seed drafts the same text; refining replaced it
        assertThat(refined.get("answer").asText()).isNotEqualTo(kept.get("answer").asText());
        assertThat(kept.get("answer").asText()).hasSize(kept.get("draft_length").asInt());
        JsonNode both = refined.get("latency_ms");
        assertThat(both.get("draft").asLong()).isPositive();
        assertThat(both.get("refine").asLong()).isPositive();
        assertThat(both.get("total").asLong()).isEqualTo(both.get("draft").asLong() + both.get("refine").asLong());
        assertThat(kept.get("latency_ms").get("total").asLong())
                .isGreaterThanOrEqualTo(kept.get("latency_ms").get("draft").asLong());
    }

    private static JsonNode run(Map<String, String> env, int refineOver) throws Exception {
        CliRun run = CliRun.execute(ROOT, env, "run", "-f", "examples/hybrid-draft-refine/compose.yml", "--input",
                "{\"prompt\": \"Explain hash maps.\", \"refine_over\": " + refineOver + "}");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        return new ObjectMapper().readTree(run.out());
    }
}
