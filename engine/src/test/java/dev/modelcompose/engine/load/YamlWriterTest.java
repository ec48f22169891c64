package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlWriterTest {
    @TempDir
    Path dir;

    private Object readBack(String yaml) {
        ConfigNode node = YamlTreeReader.read(yaml, "out.yml", null);
        return node == null ? null : node.toPlain();
    }

    @Test
    void writesCleanBlockYaml() {
        ConfigMap root = new ComposeFixtures(dir).copy("shorthands.yml", "compose.yml").read().root();
        assertThat(YamlWriter.write(root)).isEqualTo("""
                controller:
                  adapters:
                    - type: http-server
                      port: 8080
                components:
                  - id: __component__
                    type: shell
                    actions:
                      - id: __action__
                        command:
                          - echo
                          - "${input.label}"
                        output: "${result.stdout}"
                workflows:
                  - id: __workflow__
                    jobs:
                      - id: __job__
                        component: echo
                        retry:
                          max_attempt_count: 3
                        on_error: {}
                        depends_on:
                          - first
                """);
    }

    @Test
    void quotesOnlyWhenNeeded() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("plain", "hello world");
        values.put("yes", "yes");
        values.put("bool", "true");
        values.put("number", "5");
        values.put("float", "1e3");
        values.put("null", "null");
        values.put("empty", "");
        values.put("colon", "a: b");
        values.put("hash", "a #b");
        values.put("dash", "- x");
        values.put("star", "*x");
        values.put("binding", "${input.x}");
        values.put("spaces", " padded ");
        values.put("url", "http://x:80/a#b");
        values.put("200", 200);
        values.put("text", "line one\nline two\n");
        assertThat(YamlWriter.writePlain(values)).isEqualTo("""
                plain: hello world
                yes: yes
                bool: "true"
                number: "5"
                float: "1e3"
                "null": "null"
                empty: ""
                colon: "a: b"
                hash: "a #b"
                dash: "- x"
                star: "*x"
                binding: "${input.x}"
                spaces: " padded "
                url: http://x:80/a#b
                "200": 200
                text: |
                  line one
                  line two
                """);
    }

    @Test
    void roundTripsEveryFixture() {
        for (String fixture : List.of("shorthands.yml", "routing.yml", "base.yml", "override.yml")) {
            ConfigMap root = new ComposeFixtures(dir).copy(fixture, "compose.yml").read().root();
            assertThat(readBack(YamlWriter.write(root))).as(fixture).isEqualTo(root.toPlain());
        }
    }

    @Test
    void roundTripsAwkwardValues() {
        List<Object> awkward = List.of("", " ", "a\nb", "a\nb\n", "a\nb\n\n", "\n", "  indented\nnext", "tab\there",
                "\ttab first\nx", "quote\"s", "back\\slash", "'single'", "~", "-", "--- x", "...", "é ✓ 😀",
                "\u0007bell", "key: value\nmore: x", "x #", "#", "?", "[a]", "{a}", "a,b", "NaN", ".nan", "0x10",
                "0o7", "+1", "-1.5", "true", "False", "line\r\nwindows", "trailing \nspace", "\nleading newline",
                "<<", "$${literal}",
                Double.NaN, Double.NEGATIVE_INFINITY, 1.0e300, -0.0, 0.1, Long.MAX_VALUE,
                new BigInteger("123456789012345678901234567890"), true, Map.of(), List.of(),
                List.of(List.of(1, List.of()), Map.of("a", List.of("x\ny"))));
        for (Object value : awkward) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("v", value);
            map.put(String.valueOf(value), 1);
            map.put("list", List.of(value, "after"));
            String yaml = YamlWriter.writePlain(map);
            assertThat(readBack(yaml)).as(yaml).isEqualTo(map);
        }
    }

    @Test
    void roundTripsRandomTrees() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            Object tree = randomMap(random, 0);
            String yaml = YamlWriter.writePlain(tree);
            assertThat(readBack(yaml)).as(yaml).isEqualTo(tree);
        }
    }

    private static Map<String, Object> randomMap(Random random, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            map.put(randomText(random), randomValue(random, depth + 1));
        }
        return map;
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> randomText(random);
            case 1 -> random.nextInt(1000) - 500;
            case 2 -> random.nextBoolean();
            case 3 -> random.nextInt(10) == 0 ? null : random.nextDouble() * 100;
            case 4 -> randomText(random) + "\n" + randomText(random);
            case 5 -> randomMap(random, depth);
            default -> {
                List<Object> list = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
        };
    }

    private static String randomText(Random random) {
        String alphabet = "ab z:#-{}[]\"'\\$|>&*!%@`,?.~01 \t\n";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
