package dev.modelcompose.engine.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Mutates {@code schema/valid/full.yml} at random (dropped and doubled lines, values swapped for other shapes) and
 * loads each result: the loader either succeeds or throws a {@link ComposeException}; never anything else.
 */
class BinderMutationTest {
    private static final String[] VALUES = {"1", "-1", "0", "x", "[]", "{}", "null", "true", "[[]]", "2x",
            "\"${jobs.nope.output}\"", "__default__", "\"${input\"", "{type: shell}", "[a, [b]]", "ignore"};
    private static final Pattern VALUE = Pattern.compile("^(\\s*-?\\s*[\\w-]+:)\\s+(.+)$");

    @TempDir
    Path dir;

    @Test
    void mutatedFilesFailOnlyWithComposeExceptions() throws Exception {
        List<String> lines = Files.readAllLines(
                Path.of(getClass().getResource("/schema/valid/full.yml").toURI()));
        Random random = new Random(20261122);
        int failures = 0;
        for (int round = 0; round < 300; round++) {
            List<String> mutated = new ArrayList<>(lines);
            for (int change = 0; change < 1 + random.nextInt(3); change++) {
                int at = random.nextInt(mutated.size());
                switch (random.nextInt(3)) {
                    case 0 -> mutated.remove(at);
                    case 1 -> mutated.add(at, mutated.get(at));
                    default -> {
                        Matcher m = VALUE.matcher(mutated.get(at));
                        if (m.matches()) {
                            mutated.set(at, m.group(1) + " " + VALUES[random.nextInt(VALUES.length)]);
                        }
                    }
                }
            }
            Path file = dir.resolve("m" + round + ".yml");
            Files.write(file, mutated);
            try {
                InvalidFixturesTest.load(file);
            } catch (ComposeException e) {
                failures++;
                assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("java.");
            } catch (RuntimeException e) {
                fail("round " + round + " threw " + e + " for:\n" + String.join("\n", mutated), e);
            }
        }
        assertThat(failures).as("most mutations are mistakes").isGreaterThan(100);
    }
}
