package dev.modelcompose.cli;

import dev.modelcompose.engine.models.FakeHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code compose models} against a local Hugging Face Hub, with the cache in a temporary folder. */
class ModelsCommandIT {
    @TempDir
    Path dir;
    FakeHub hub;
    Map<String, String> env;
    byte[] model = new byte[300_000];

    @BeforeEach
    void start() {
        new Random(7).nextBytes(model);
        hub = new FakeHub(dir.resolve("hub"));
        hub.file("org/tiny", "config.json", "{\"architectures\": [\"BertForSequenceClassification\"], "
                        + "\"id2label\": {\"0\": \"neg\", \"1\": \"pos\"}}")
                .file("org/tiny", "tokenizer.json", "{}")
                .file("org/tiny", "README.md", "# tiny")
                .file("org/tiny", "onnx/model.onnx", model)
                .file("org/gguf", "tiny-q4.gguf", new byte[2000])
                .file("org/gguf", "tiny-q8.gguf", new byte[4000]);
        env = new HashMap<>(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", dir.resolve("cache").toString(),
                "MODEL_COMPOSE_CACHE", dir.resolve("mc").toString()));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private CliRun compose(String... args) {
        return CliRun.execute(dir, env, args);
    }

    private Path snapshot(String repository) {
        return dir.resolve("cache/models--" + repository.replace("/", "--") + "/snapshots")
                .resolve(FakeHub.commit(repository));
    }

    @Test
    void pullListInfoRemove() {
        CliRun pull = compose("models", "pull", "org/tiny");
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out()).isEqualTo(snapshot("org/tiny") + "\n");
        assertThat(pull.err()).contains("org/tiny: onnx/model.onnx (293.0 KB)", "org/tiny: onnx/model.onnx 50% (",
                "org/tiny: onnx/model.onnx 100% (293.0 KB of 293.0 KB)").endsWith("pulled org/tiny@main (onnx)\n");
        assertThat(snapshot("org/tiny").resolve("README.md")).doesNotExist();

        CliRun list = compose("models", "list");
        assertThat(list.exitCode()).isZero();
        String[] lines = list.out().split("\n");
        assertThat(lines[0]).matches("REPOSITORY +REVISION +SIZE +LAST USED");
        assertThat(lines[1]).matches("org/tiny +main \\(" + FakeHub.commit("org/tiny").substring(0, 8)
                + "\\) +293\\.1 KB +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");
        assertThat(lines).hasSize(2);

        CliRun info = compose("models", "info", "org/tiny");
        assertThat(info.exitCode()).isZero();
        assertThat(info.out()).startsWith("repository: org/tiny\nrevision:   main (" + FakeHub.commit("org/tiny")
                        + ")\ncached:     " + snapshot("org/tiny") + "\nsize:       293.1 KB\n"
                        + "task:       text-classification (BertForSequenceClassification)\nfiles:\n")
                .containsPattern("  onnx/model.onnx +293\\.0 KB\n");

        CliRun refused = compose("models", "rm", "org/tiny");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("error: add --yes to remove org/tiny (293.1 KB) from "
                + dir.resolve("cache") + " without a question\n");
        CliRun rm = compose("models", "rm", "org/tiny", "--yes");
        assertThat(rm.exitCode()).isZero();
        assertThat(rm.out()).isEqualTo("removed org/tiny (293.1 KB)\n");
        assertThat(dir.resolve("cache/models--org--tiny")).doesNotExist();
        CliRun empty = compose("models", "list");
        assertThat(empty.out()).isEmpty();
        assertThat(empty.err()).isEqualTo("no models in " + dir.resolve("cache")
                + " (fetch one with compose models pull org/name)\n");
        CliRun again = compose("models", "rm", "org/tiny", "--yes");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: org/tiny is not in the cache at " + dir.resolve("cache") + "\n");
    }

    @Test
    void pullAFileOrPatternsAtARevision() {
        CliRun several = compose("models", "pull", "org/gguf");
        assertThat(several.exitCode()).isEqualTo(1);
        assertThat(several.err()).isEqualTo("error: repository org/gguf has several GGUF files (tiny-q4.gguf, "
                + "tiny-q8.gguf): set filename to the one to use\n");
        CliRun one = compose("models", "pull", "org/gguf@" + FakeHub.commit("org/gguf"), "--file", "tiny-q8.gguf");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).isEqualTo(snapshot("org/gguf").resolve("tiny-q8.gguf") + "\n");
        CliRun include = compose("models", "pull", "org/gguf", "--include", "*q4*");
        assertThat(include.exitCode()).as(include.err()).isZero();
        assertThat(Files.exists(snapshot("org/gguf").resolve("tiny-q4.gguf"))).isTrue();
        CliRun list = compose("models", "list", "--json");
        assertThat(list.out()).contains("\"repository\":\"org/gguf\"", "\"size_bytes\":6000");
    }

    @Test
    void infoAsksTheHubWhenTheModelIsNotCached() {
        CliRun info = compose("models", "info", "org/tiny");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("cached:     no (compose models pull org/tiny)\n",
                "task:       text-embedding (pipeline_tag feature-extraction)\n", "  onnx/model.onnx\n");
        env.put("HF_HUB_OFFLINE", "1");
        CliRun offline = compose("models", "info", "org/tiny");
        assertThat(offline.exitCode()).isEqualTo(1);
        assertThat(offline.err()).isEqualTo("error: org/tiny is not in the cache at " + dir.resolve("cache")
                + " and HF_HUB_OFFLINE is set\n");
    }

    @Test
    void hubErrorsExitOneAndBadArgumentsTwo() {
        hub.gated("org/tiny", "hf_secret");
        CliRun gated = compose("models", "pull", "org/tiny");
        assertThat(gated.exitCode()).isEqualTo(1);
        assertThat(gated.err()).startsWith("error: model org/tiny is gated or private (HTTP 401 from ")
                .endsWith("set HF_TOKEN or token: to a Hugging Face access token that may read it\n");
        assertThat(compose("models", "pull", "org/tiny", "--token", "hf_secret").exitCode()).isZero();
        CliRun missing = compose("models", "pull", "org/missing");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: repository org/missing not found on the Hub (");
        CliRun bad = compose("models", "pull", "a/b/c");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("error: 'a/b/c' is not a Hugging Face repository id (org/name)\n");
        CliRun noCommand = compose("models");
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).startsWith("error: Missing command: list, pull, rm, info or ls-builtin\n");
        assertThat(compose("models", "pull", "org/tiny", "--format", "onx").err())
                .isEqualTo("error: --format must be onnx, gguf, safetensors or pytorch, not 'onx'\n");
    }

    @Test
    void theCacheDirOptionWins() {
        Path other = dir.resolve("other-cache");
        CliRun pull = compose("models", "--cache-dir", other.toString(), "pull", "org/tiny");
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out()).startsWith(other.resolve("models--org--tiny").toString());
        assertThat(compose("models", "list", "--cache-dir", other.toString()).out()).contains("org/tiny");
        assertThat(compose("models", "list").err()).startsWith("no models in");
    }

    @Test
    void builtinModels() {
        CliRun list = compose("models", "ls-builtin");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines().toList().get(0)).matches("MODEL +AVAILABLE +DESCRIPTION");
        assertThat(list.out()).contains("builtin:all-minilm-l6-v2");
        CliRun bad = compose("models", "pull", "builtin:bert");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("error: unknown builtin model 'bert' (builtin models: all-minilm-l6-v2)\n");
    }
}
