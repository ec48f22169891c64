package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.value.ChunkStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Random and mutated binding strings and nested templates: compiling may only fail with {@link ComposeException},
 * rendering only with {@link BindingException}, and nothing hangs.
 */
class BindingFuzzTest {
    static final Set<String> SOURCES = Set.of("input", "jobs", "context", "env", "result", "result[]");
    static final String[] SEEDS = {
            "${input.x}", "${input.l[*].id}", "${input.l[-1]}", "${input.xs[1:3]}", "${jobs.a.output.b}",
            "${input.n as integer | 5}", "${input.s as text @(description Hi)}", "${input.a | ${input.b | deep}}",
            "${input.l as object[]/id,v}", "${input.v as audio/pcm[sample_rate=${input.sr}];base64}",
            "x=${input.t} y=${input.d}", "${jobs.score.output > 0.8 && input.t}", "${input.n + 1 | 0}",
            "${upper(input.s)}", "${result[].delta}", "$${literal} ${input.x}", "${input.zz | [1, {a: 2}]}",
            "${input.s =~ 'a.*'}", "${jobs['x-y'].output}", "${input.d as object/x}", "${input.l as list}",
            "${input.s as stream/text}", "${input.n as number[]}", "${context.task_id}", "${env.HOME | \"h\"}"};
    static final String[] FRAGMENTS = {"${", "}", "input", "jobs", "item", ".", "[", "]", "*", "-1", "0", ":", " as ",
            "integer", "text", "object", "[]", "/", ";", "|", "||", "&&", "@(", ")", "(", "'", "\"", "$", "{", " ",
            "==", ">", "!", "+", "-", "a", "b", "x-y", "\n", "$${", "...", "?", "#", "\\", "`", "=", ",", "new",
            "getClass()", "size(", "true", "null", "5", "2.5", "é", "\t"};

    final Random random = new Random(20261122L);
    final Scope scope = Scope.of(map(
            "input", map("x", 1, "l", list(map("id", 1, "v", "a"), map("id", 2)), "xs", list(1, 2, 3, 4),
                    "n", "7", "s", "abc", "t", true, "d", map("x", list(1, 2)), "sr", 16000, "v", "[1]"),
            "jobs", map("a", map("output", map("b", "B")), "score", map("output", 0.9)),
            "context", map("task_id", "t1"),
            "result", "R"));

    @Test
    void randomBindingStrings() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 3000; i++) {
                exercise(randomString());
            }
        });
    }

    @Test
    void mutatedBindingStrings() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 3000; i++) {
                exercise(mutate(SEEDS[random.nextInt(SEEDS.length)]));
            }
        });
    }

    @Test
    void randomNestedTemplates() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 1500; i++) {
                exercise(randomTree(3));
            }
        });
    }

    @Test
    void deeplyNestedInputIsRefusedCleanly() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int depth : new int[]{20, 200, 5000}) {
                exercise("${input.a | ".repeat(depth) + "x" + "}".repeat(depth));
                exercise("${" + "(".repeat(depth) + "1" + ")".repeat(depth) + "}");
                exercise("${" + "!".repeat(depth) + "input.t}");
                exercise("${" + "-".repeat(depth) + "1}");
                exercise("${input.t" + " && input.t".repeat(depth) + "}");
                exercise("${".repeat(depth));
                exercise("${input" + "[*]".repeat(depth) + "}");
            }
        });
        assertThatThrownByCompile("${input.a | ".repeat(20) + "x" + "}".repeat(20),
                "compose.yml:3:203: workflow.output: bindings nested more than 16 levels deep");
        assertThatThrownByCompile("${" + "(".repeat(70) + "1" + ")".repeat(70) + "}",
                "compose.yml:3:11: workflow.output: invalid expression ${" + "(".repeat(70) + "1" + ")".repeat(70)
                        + "}: nested more than 64 levels deep");
    }

    private static void assertThatThrownByCompile(String text, String message) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Template.compile(Nodes.of(text), SOURCES))
                .isInstanceOf(ComposeException.class).hasMessage(message);
    }

    @Test
    void theSeedsThemselvesCompile() {
        for (String seed : SEEDS) {
            assertThat(Template.compile(Nodes.of(seed), SOURCES)).isNotNull();
        }
    }

    private void exercise(Object template) {
        Template compiled;
        try {
            compiled = Template.compile(Nodes.of(template), SOURCES);
        } catch (ComposeException expected) {
            assertThat(expected.problems()).isNotEmpty();
            assertThat(expected.getMessage()).startsWith("compose.yml:");
            return;
        } catch (RuntimeException | StackOverflowError other) {
            throw new AssertionError("compiling " + describe(template) + " threw " + other, other);
        }
        compiled.bindings();
        compiled.sources();
        compiled.referencedJobs();
        try {
            Object value = compiled.render(scope);
            if (value instanceof ChunkStream stream) {
                stream.cancel();
            }
        } catch (BindingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (RuntimeException | StackOverflowError other) {
            throw new AssertionError("rendering " + describe(template) + " threw " + other, other);
        }
    }

    private static String describe(Object template) {
        return String.valueOf(template).replace("\n", "\\n");
    }

    private String randomString() {
        StringBuilder text = new StringBuilder();
        int parts = 1 + random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return text.toString();
    }

    private String mutate(String seed) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length());
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (!text.isEmpty()) {
                        text.deleteCharAt(at);
                    }
                }
                case 1 -> text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 2 -> {
                    if (!text.isEmpty()) {
                        text.setCharAt(at, (char) (32 + random.nextInt(95)));
                    }
                }
                default -> {
                    int other = text.isEmpty() ? 0 : random.nextInt(text.length());
                    if (!text.isEmpty()) {
                        char c = text.charAt(at);
                        text.setCharAt(at, text.charAt(other));
                        text.setCharAt(other, c);
                    }
                }
            }
        }
        return text.toString();
    }

    private static final String[] KEYS = {"...", "*", "?", "+", "|", "a", "b", "input", "where", "value",
            "operator", "if_true", "if_false", "all", "any", "not"};
    private static final String[] OPERATORS = {"eq", "neq", "gt", "in", "match", "starts-with", "bogus"};

    private Object randomTree(int depth) {
        int kind = depth <= 0 ? 0 : random.nextInt(4);
        switch (kind) {
            case 1: {
                Map<String, Object> map = new LinkedHashMap<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    String key = KEYS[random.nextInt(KEYS.length)];
                    map.put(key, key.equals("operator") ? OPERATORS[random.nextInt(OPERATORS.length)]
                            : randomTree(depth - 1));
                }
                return map;
            }
            case 2: {
                List<Object> items = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    items.add(random.nextInt(5) == 0 ? "..." + SEEDS[random.nextInt(SEEDS.length)]
                            : randomTree(depth - 1));
                }
                return items;
            }
            case 3:
                return map("input", randomLeaf(), "operator", OPERATORS[random.nextInt(OPERATORS.length)],
                        "value", randomLeaf(), "if_true", randomTree(depth - 1));
            default:
                return randomLeaf();
        }
    }

    private Object randomLeaf() {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextInt(10);
            case 1 -> null;
            case 2 -> randomString();
            case 3 -> "${item}";
            default -> SEEDS[random.nextInt(SEEDS.length)];
        };
    }
}
