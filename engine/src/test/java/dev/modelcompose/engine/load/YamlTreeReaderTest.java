package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlTreeReaderTest {
    @TempDir
    Path dir;

    private ConfigMap read(String text) {
        return new ComposeFixtures(dir).write("compose.yml", text).read().root();
    }

    private String error(String text) {
        ComposeFixtures fixtures = new ComposeFixtures(dir).write("compose.yml", text);
        return org.junit.jupiter.api.Assertions.assertThrows(ComposeException.class, fixtures::read).getMessage();
    }

    @Test
    void keepsMarksAndPaths() {
        ConfigMap root = read("""
                workflows:
                  - id: main
                    jobs:
                      - id: a
                      - id: b
                        input: { text: hi }
                """);
        ConfigList jobs = (ConfigList) ((ConfigMap) ((ConfigList) root.get("workflows")).get(0)).get("jobs");
        ConfigMap second = (ConfigMap) jobs.get(1);
        ConfigNode input = second.get("input");
        assertThat(input.path()).isEqualTo("workflows[0].jobs[1].input");
        assertThat(input.mark()).isEqualTo(new SourceMark("compose.yml", 6, 16));
        ConfigNode text = ((ConfigMap) input).get("text");
        assertThat(text.path()).isEqualTo("workflows[0].jobs[1].input.text");
        assertThat(text.mark().toString()).isEqualTo("compose.yml:6:24");
        assertThat(second.keyMark("input")).isEqualTo(new SourceMark("compose.yml", 6, 9));
        assertThat(second.mark()).isEqualTo(new SourceMark("compose.yml", 5, 9));
    }

    @Test
    void usesTheYaml12CoreSchema() {
        ConfigMap root = read("""
                a: yes
                b: no
                c: on
                d: true
                e: 012
                f: 0x1F
                g: 1.5
                h: ~
                i: "5"
                j: 9999999999
                k: .inf
                l: 0o17
                """);
        Map<String, Object> plain = cast(root.toPlain());
        assertThat(plain.get("a")).isEqualTo("yes");
        assertThat(plain.get("b")).isEqualTo("no");
        assertThat(plain.get("c")).isEqualTo("on");
        assertThat(plain.get("d")).isEqualTo(true);
        assertThat(plain.get("e")).isEqualTo(12);
        assertThat(plain.get("f")).isEqualTo(31);
        assertThat(plain.get("g")).isEqualTo(1.5);
        assertThat(plain).containsEntry("h", null);
        assertThat(plain.get("i")).isEqualTo("5");
        assertThat(plain.get("j")).isEqualTo(9999999999L);
        assertThat(plain.get("k")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(plain.get("l")).isEqualTo(15);
    }

    @Test
    void anchorsAliasesAndMergeKeysWork() {
        ConfigMap root = read("""
                x-defaults: &defaults
                  type: shell
                  timeout: 5s
                components:
                  - <<: *defaults
                    id: a
                    timeout: 10s
                  - id: b
                    <<: *defaults
                """);
        assertThat(root.toPlain()).isEqualTo(Map.of(
                "x-defaults", Map.of("type", "shell", "timeout", "5s"),
                "components", List.of(
                        Map.of("type", "shell", "timeout", "10s", "id", "a"),
                        Map.of("id", "b", "type", "shell", "timeout", "5s"))));
        ConfigMap b = (ConfigMap) ((ConfigList) root.get("components")).get(1);
        assertThat(b.get("type").path()).isEqualTo("components[1].type");
        assertThat(b.get("type").mark().line()).isEqualTo(2);
    }

    @Test
    void mergeKeysTakeMappingsOnlyAndAliasesCannotRecurse() {
        assertThat(error("base: &b 5\nx:\n  <<: *b\n")).isEqualTo(
                "compose.yml:4:1: a merge key '<<' takes a mapping or a list of mappings");
        assertThat(error("a: &a\n  b: *a\n")).isEqualTo(
                "compose.yml:1:4: an alias refers to a node that contains it (recursive alias)");
        assertThat(read("a: { \"<<\": 1 }\n").get("a").toPlain()).as("a quoted << is an ordinary key")
                .isEqualTo(Map.of("<<", 1));
    }

    @Test
    void unquotedBindingsInFlowCollectionsAreReadAsTheAuthorMeantThem() {
        // YAML ends a plain value in [ ] or { } at '{'; the reader quotes such values and reads the file again
        assertThat(read("where: { input: ${item}, value: 1 }\n").toPlain())
                .isEqualTo(Map.of("where", Map.of("input", "${item}", "value", 1)));
        assertThat(read("command: [echo, ${input.x}, gate-${input.name}]\n").toPlain())
                .isEqualTo(Map.of("command", List.of("echo", "${input.x}", "gate-${input.name}")));
        assertThat(read("jobs:\n  - input: {a: \"${input.a}\", b: ${input.b | {}}}\n").toPlain())
                .isEqualTo(Map.of("jobs", List.of(Map.of("input", Map.of("a", "${input.a}", "b", "${input.b | {}}")))));
        assertThat(read("""
                action: { text: ${input.text}, params: { pooling: mean, normalize: true }, output: ${result} }
                messages: [ { role: system, content: "${input.system | You are concise.}" }, { role: user, content: ${input.prompt} } ]
                actions:
                  - { id: search, method: search, query: ${input.vector}, top_k: ${input.top_k | 5}, filter: { source: ${input.source} },
                      output: ${result as object[]/id,score,document,metadata.source} }   # a comment
                script: |
                  echo {${input.x}
                """).toPlain()).isEqualTo(Map.of(
                "action", Map.of("text", "${input.text}", "params", Map.of("pooling", "mean", "normalize", true),
                        "output", "${result}"),
                "messages", List.of(Map.of("role", "system", "content", "${input.system | You are concise.}"),
                        Map.of("role", "user", "content", "${input.prompt}")),
                "actions", List.of(Map.of("id", "search", "method", "search", "query", "${input.vector}",
                        "top_k", "${input.top_k | 5}", "filter", Map.of("source", "${input.source}"),
                        "output", "${result as object[]/id,score,document,metadata.source}")),
                "script", "echo {${input.x}\n"));
        assertThat(read("command: echo ${input.x}\nlist: [\"${input.x}\"]\n").toPlain()).as("block and quoted are fine")
                .isEqualTo(Map.of("command", "echo ${input.x}", "list", List.of("${input.x}")));
    }

    @Test
    void aFlowCollectionThatStaysBrokenKeepsTheMessageAndHintsToQuoteTheBinding() {
        assertThat(error("where: { input: ${item, value: 1 }\n")).isEqualTo(
                "compose.yml:1:18: malformed YAML: expected ',' or '}', but got { "
                        + "(quote bindings inside [ ] and { }: \"${item, value: 1 }\")");
    }

    @Test
    void unquotedBindingWithAColonSpaceHintsToQuoteIt() {
        // a plain value ends at ': ', so the ':' of a ternary starts a nested mapping YAML refuses
        assertThat(error("output:\n  mode: ${input.x > 1 ? 'big' : 'small'}\n")).isEqualTo(
                "compose.yml:2:31: malformed YAML: mapping values are not allowed here "
                        + "(quote a binding that contains ': ': \"${input.x > 1 ? 'big' : 'small'}\")");
        assertThat(read("output:\n  mode: \"${input.x > 1 ? 'big' : 'small'}\"\n").toPlain())
                .isEqualTo(Map.of("output", Map.of("mode", "${input.x > 1 ? 'big' : 'small'}")));
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        assertThat(error("""
                components:
                  - id: a
                    type: shell
                    command: - echo
                """)).isEqualTo("compose.yml:4:14: malformed YAML: sequence entries are not allowed here");
        assertThat(error("workflows: [ a, b\n"))
                .isEqualTo("compose.yml:2:1: malformed YAML: expected ',' or ']', but got <stream end> "
                        + "(while parsing a flow sequence at line 1, column 12)");
        assertThat(error("a:\n  b: 1\n c: 2\n"))
                .isEqualTo("compose.yml:3:2: malformed YAML: expected <block end>, but found "
                        + "'<block mapping start>' (check the indentation)");
        assertThat(error("a: 1\n\tb: 2\n"))
                .isEqualTo("compose.yml:2:1: malformed YAML: found a tab character (indent with spaces)");
        assertThat(error("a: @x\n"))
                .isEqualTo("compose.yml:1:4: malformed YAML: found character '@' that cannot start a plain value "
                        + "(put the value in quotes)");
        assertThat(error("a: *nothing\n")).isEqualTo("compose.yml:1:4: malformed YAML: found undefined alias nothing");
        assertThat(error("a: b\n---\nc: d\n")).isEqualTo(
                "compose.yml:2:1: a compose file holds one YAML document; found a second one (remove the '---' line)");
    }

    @Test
    void forbiddenCharactersNameTheirPlace() {
        assertThat(error("a: 1\nb: x\u0001y\n"))
                .isEqualTo("compose.yml:2:5: the file contains a character YAML does not allow (U+0001)");
    }

    @Test
    void emptyFileIsAnError() {
        String expected = "compose.yml:1:1: file is empty; a compose file is a mapping with `components` and "
                + "`workflows`";
        assertThat(error("")).isEqualTo(expected);
        assertThat(error("# only a comment\n\n")).isEqualTo(expected);
    }

    @Test
    void fileThatIsNotAMappingIsAnError() {
        assertThat(error("- a\n- b\n")).isEqualTo(
                "compose.yml:1:1: a compose file is a mapping with `components` and `workflows`, found a list");
        assertThat(error("just text\n")).isEqualTo(
                "compose.yml:1:1: a compose file is a mapping with `components` and `workflows`, found a string");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertThat(error("workflows:\n  - id: a\n    id: b\n"))
                .isEqualTo("compose.yml:3:5: workflows[0]: duplicate key 'id' (first written at compose.yml:2:5)");
    }

    @Test
    void nonStringKeysAreErrors() {
        assertThat(error("codes:\n  200: ok\n"))
                .isEqualTo("compose.yml:2:3: codes: a key must be a string, found an integer '200' "
                        + "(quote it: \"200\")");
        assertThat(error("? [a, b]\n: c\n")).isEqualTo("compose.yml:1:3: a key must be a string, found a list");
    }

    @Test
    void unsupportedTagsAreErrors() {
        assertThat(error("a: !!binary aGk=\n")).isEqualTo("compose.yml:1:4: a: unsupported YAML tag "
                + "'tag:yaml.org,2002:binary' (compose files use plain strings, numbers, booleans, null, lists and "
                + "mappings)");
        assertThat(read("a: !!str 5\n").get("a").toPlain()).isEqualTo("5");
    }

    @Test
    void aliasBombsAndDeepNestingAreRefused() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        assertThat(error(bomb.toString())).contains("compose.yml:").containsAnyOf("aliases", "expands to more");
        assertThat(error("a: " + "[".repeat(5000) + "]".repeat(5000) + "\n"))
                .isEqualTo("compose.yml:1:203: the YAML is nested more than 200 levels deep");
        assertThat(error("a:\n" + "- ".repeat(300) + "x\n"))
                .isEqualTo("compose.yml:2:399: the YAML is nested more than 200 levels deep");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
