package dev.modelcompose.cli;

import dev.modelcompose.drivers.onnx.TinyDecoderModels;
import dev.modelcompose.engine.value.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The model examples run end to end through the CLI: the builtin model, and a tiny generated language model. */
class ModelExamplesIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void semanticSearchPutsTheSentenceAboutSleepingCatsFirst() throws Exception {
        CliRun run = CliRun.execute(ROOT, "run", "-f", "examples/semantic-search/compose.yml", "--input",
                "@examples/semantic-search/input.json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<?, ?> output = (Map<?, ?>) Json.parse(run.out());
        assertThat(output.get("best")).isEqualTo("Cats often nap on warm windowsills.");
        List<?> ranked = (List<?>) output.get("ranked");
        assertThat(ranked).hasSize(3);
        assertThat(((Map<?, ?>) ranked.get(1)).get("document")).isEqualTo("A kitten curled up on the sofa cushion.");
        double first = ((Number) ((Map<?, ?>) ranked.get(0)).get("score")).doubleValue();
        double second = ((Number) ((Map<?, ?>) ranked.get(1)).get("score")).doubleValue();
        assertThat(first).isGreaterThan(second);
    }

    @Test
    void semanticSearchEmbedsATextAsOneVectorOf384Numbers() throws Exception {
        CliRun run = CliRun.execute(ROOT, "run", "-f", "examples/semantic-search/compose.yml", "embed", "--input",
                "{\"text\": \"a cat\"}");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat((List<?>) Json.parse(run.out())).hasSize(384);
    }

    @Test
    void textGenerationRunsWithTheModelFolderGivenInTheEnvironment() throws Exception {
        Path model = TinyDecoderModels.writeWithKvCache(dir.resolve("tiny-lm"));
        Map<String, String> env = Map.of("ONNX_MODEL", model.toString());
        CliRun whole = CliRun.execute(ROOT, env, "run", "-f", "examples/text-generation/compose.yml", "--input",
                "{\"prompt\": \"hello\", \"max_tokens\": 8}");
        assertThat(whole.exitCode()).as(whole.err()).isZero();
        Object text = Json.parse(whole.out());
        assertThat(text).isInstanceOf(String.class);
        assertThat((String) text).isNotBlank();

        CliRun streamed = CliRun.execute(ROOT, env, "run", "-f", "examples/text-generation/compose.yml", "--input",
                "{\"prompt\": \"hello\", \"max_tokens\": 8, \"stream\": true}");
        assertThat(streamed.exitCode()).as(streamed.err()).isZero();
        // run prints a streamed output one chunk (a text piece) per line
        assertThat(streamed.out().lines().toList()).hasSizeGreaterThan(1);
        assertThat(String.join("", streamed.out().lines().toList())).isEqualTo(text);
    }

    @Test
    void chatRunsThroughTheModelsChatTemplate() throws Exception {
        Path model = TinyDecoderModels.writeWithKvCache(dir.resolve("tiny-chat"));
        Map<String, String> env = Map.of("ONNX_MODEL", model.toString());
        CliRun first = CliRun.execute(ROOT, env, "run", "-f", "examples/text-generation/compose.yml", "chat",
                "--input", "{\"question\": \"hello\", \"max_tokens\": 6}");
        CliRun again = CliRun.execute(ROOT, env, "run", "-f", "examples/text-generation/compose.yml", "chat",
                "--input", "{\"question\": \"hello\", \"max_tokens\": 6}");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(again.out()).isEqualTo(first.out());
    }
}
