package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds random bytes and truncated or mutated compose files to the reader: the only exception it may throw is a
 * {@link ComposeException}, and it never hangs.
 */
class DocumentReaderFuzzTest {
    private static final List<String> FIXTURES = List.of("shorthands.yml", "routing.yml", "base.yml", "override.yml");
    private static final List<String> TOKENS = List.of("${", "}", "${A}", "${UNSET}", "${A:-x}", "${B:?m}", "$$",
            "${env.A | 1}", "&a ", "*a", "<<: *a", "[", "]", "{", "}", "- ", ": ", ":", "\t", "\n", "\n  ", "!!str ",
            "!!binary ", "!x ", "\"", "'", "|", ">-", "#", "%YAML 1.2\n", "---\n", "...", "? ", ",",
            "include: [ x.yml ]",
            "include: [ compose.yml ]", "component:", "components:", "workflow:", "job:", "retry: 3", "type: if",
            "operator: eq", "value: 1", "then: a", "depends_on: a", "on_error: ignore", "action:", "id: a", "\u0000",
            "\uFEFF", "\u00e9", "\ud800", "0x", "1e9", ".inf", "~", "null", "<<", "&b [*b]", "*b");
    private static final Map<String, String> ENV = Map.of("A", "1", "B", "");

    @TempDir
    Path dir;

    @Test
    void onlyComposeExceptionsNeverAHang() {
        Random random = new Random(20261122L);
        List<String> fixtures = FIXTURES.stream().map(ComposeFixtures::resource).toList();
        // 480 inputs, each more varied (up to 10 edits, splices of two files) rather than many near-duplicates
        int batches = 4;
        int perBatch = 120;
        int[] rejected = {0};
        for (int batch = 0; batch < batches; batch++) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < perBatch; i++) {
                    byte[] input = nextInput(random, fixtures);
                    if (!readsOrRejects(input)) {
                        rejected[0]++;
                    }
                }
            });
        }
        assertThat(rejected[0]).as("most mutations are rejected, some read").isBetween(1, batches * perBatch - 1);
    }

    @Test
    void deeplyNestedAndAliasHeavyInputsAreRefused() {
        List<String> inputs = List.of(
                // 25 to 50 times the depth limit: refused before any recursive composing
                "a: " + "[".repeat(10_000),
                "a:\n" + "- ".repeat(5_000) + "x\n",
                "a: " + "{b: ".repeat(5_000) + "1" + "}".repeat(5_000) + "\n",
                laughs(20, 2),
                laughs(9, 10),
                "a: &a [*a, *a]\n",
                "a: &a {b: *a}\n");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String input : inputs) {
                assertThat(readsOrRejects(input.getBytes(StandardCharsets.UTF_8)))
                        .as(input.substring(0, Math.min(30, input.length())))
                        .isFalse();
            }
        });
    }

    private static String laughs(int levels, int width) {
        StringBuilder yaml = new StringBuilder("l0: &l0 lol\n");
        for (int i = 1; i <= levels; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < width; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    /** True when the input read; false when it was rejected with a ComposeException; anything else fails. */
    private boolean readsOrRejects(byte[] input) throws IOException {
        Files.write(dir.resolve("compose.yml"), input);
        try {
            DocumentReader.read(new LoadOptions(List.of(Path.of("compose.yml")), dir, List.of(), Map.of(), ENV));
            return true;
        } catch (ComposeException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
            return false;
        }
    }

    private static byte[] nextInput(Random random, List<String> fixtures) {
        String fixture = fixtures.get(random.nextInt(fixtures.size()));
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1 -> {
                return fixture.substring(0, random.nextInt(fixture.length() + 1)).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                String other = fixtures.get(random.nextInt(fixtures.size()));
                return (fixture.substring(0, random.nextInt(fixture.length() + 1))
                        + other.substring(random.nextInt(other.length() + 1))).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                StringBuilder text = new StringBuilder(fixture);
                int edits = 1 + random.nextInt(10);
                for (int i = 0; i < edits; i++) {
                    int at = random.nextInt(text.length() + 1);
                    switch (random.nextInt(3)) {
                        case 0 -> text.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                        case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
                        default -> {
                            if (at < text.length()) {
                                text.setCharAt(at, (char) (32 + random.nextInt(95)));
                            }
                        }
                    }
                }
                return text.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
    }
}
