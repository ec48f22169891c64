package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.SourceMark;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load-time errors of the binding language, with their exact text. */
class BindingErrorTest {
    static final Set<String> JOB_SOURCES = Set.of("input", "jobs", "context", "env");

    static String error(String text, Set<String> sources) {
        ConfigScalar node = new ConfigScalar(text, new SourceMark("compose.yml", 12, 14),
                "workflows[0].jobs[1].input.text");
        try {
            Template.compile(node, sources);
        } catch (ComposeException e) {
            assertThat(e.problems()).hasSize(1);
            return e.getMessage();
        }
        throw new AssertionError("no error for " + text);
    }

    static String error(String text) {
        return error(text, JOB_SOURCES);
    }

    @Test
    void unterminatedBindingNamesTheColumn() {
        assertThat(error("Hello ${input.name")).isEqualTo("compose.yml:12:20: workflows[0].jobs[1].input.text: "
                + "unterminated '${' (no closing '}')");
        assertThat(error("${input.a} and ${input.b")).isEqualTo("compose.yml:12:29: "
                + "workflows[0].jobs[1].input.text: unterminated '${' (no closing '}')");
    }

    @Test
    void multiLineStringsUseTheNodeMark() {
        assertThat(error("line one\n${input.x")).isEqualTo("compose.yml:12:14: workflows[0].jobs[1].input.text: "
                + "unterminated '${' (no closing '}')");
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        assertThat(error("${input.n as intger}")).isEqualTo("compose.yml:12:14: workflows[0].jobs[1].input.text: "
                + "unknown type 'intger' in ${input.n as intger}; known types: string, text, markdown, integer, number,"
                + " boolean, json, list, object, base64, stream, select, image, audio, video, file, any, none "
                + "(did you mean 'integer'?)");
        assertThat(error("${input.n as slider/0,2}")).startsWith("compose.yml:12:14: workflows[0].jobs[1].input.text: "
                + "unknown type 'slider' in ${input.n as slider/0,2}; known types: ");
        assertThat(error("${input.n as}")).isEqualTo("compose.yml:12:14: workflows[0].jobs[1].input.text: "
                + "missing type after 'as' in ${input.n as} (known types: string, text, markdown, integer, number, "
                + "boolean, json, list, object, base64, stream, select, image, audio, video, file, any, none)");
    }

    @Test
    void unknownSourceSuggestsTheClosest() {
        assertThat(error("${resutl.stdout}", Set.of("input", "result", "context"))).isEqualTo("compose.yml:12:14: "
                + "workflows[0].jobs[1].input.text: unknown source 'resutl' in ${resutl.stdout} "
                + "(did you mean 'result'?)");
        assertThat(error("got=${a.output}")).isEqualTo("compose.yml:12:18: workflows[0].jobs[1].input.text: "
                + "unknown source 'a' in ${a.output} (did you mean '${jobs.a.output}'?)");
        assertThat(error("${step1.output.text | x}")).isEqualTo("compose.yml:12:14: workflows[0].jobs[1].input.text:"
                + " unknown source 'step1' in ${step1.output.text | x} "
                + "(did you mean '${jobs.step1.output.text | x}'?)");
        assertThat(error("${output}")).isEqualTo("compose.yml:12:14: workflows[0].jobs[1].input.text: "
                + "unknown source 'output' in ${output} (sources here: context, env, input, jobs)");
        assertThat(error("${result[].x}", Set.of("input", "result"))).isEqualTo("compose.yml:12:14: "
                + "workflows[0].jobs[1].input.text: unknown source 'result[]' in ${result[].x} "
                + "(did you mean 'result'?)");
    }

    @Test
    void malformedPiecesOfABinding() {
        assertThat(error("${input.x | [1, 2}")).isEqualTo("compose.yml:12:14: workflows[0].jobs[1].input.text: "
                + "invalid default '[1, 2' in ${input.x | [1, 2} (a default is a YAML value such as 5, true, "
                + "\"text\", [1, 2] or {a: 1})");
        assertThat(error("${input.x @(description Age}")).isEqualTo("compose.yml:12:14: "
                + "workflows[0].jobs[1].input.text: unclosed '@(' in ${input.x @(description Age}");
        assertThat(error("${input.x as integer extra}")).isEqualTo("compose.yml:12:14: "
                + "workflows[0].jobs[1].input.text: unexpected 'extra' in ${input.x as integer extra} (expected "
                + "'as TYPE', '| default' or '@(name value)' after the path)");
        assertThat(error("${}")).isEqualTo("compose.yml:12:14: workflows[0].jobs[1].input.text: empty binding ${} "
                + "(write a source such as ${input.name})");
        assertThat(error("${   }")).startsWith("compose.yml:12:14: workflows[0].jobs[1].input.text: empty binding");
    }

    @Test
    void errorsInsideNestedDefaultsAreFound() {
        assertThat(error("${input.a | ${inptu.b}}")).isEqualTo("compose.yml:12:26: workflows[0].jobs[1].input.text: "
                + "unknown source 'inptu' in ${inptu.b} (did you mean 'input'?)");
    }

    @Test
    void bindingsInsideTypeAttributesAreChecked() {
        assertThat(error("${input.v as audio/pcm[sample_rate=${inpt.sr}]}")).isEqualTo("compose.yml:12:49: "
                + "workflows[0].jobs[1].input.text: unknown source 'inpt' in ${inpt.sr} (did you mean 'input'?)");
    }

    @Test
    void structuralErrorsAreLoadErrors() {
        assertThatThrownBy(() -> Template.compile(Nodes.of(map("*", "${input.l}", "|", "${input.l}", "a", 1)),
                JOB_SOURCES)).hasMessage("compose.yml:3:11: workflow.output: '*' (map) and '|' (split) cannot be "
                + "used in the same mapping");
        assertThatThrownBy(() -> Template.compile(Nodes.of(map("*", map("where", map("any", list())))), JOB_SOURCES))
                .hasMessage("compose.yml:3:11: workflow.output.*: '*' with 'where' needs 'input' (the list to map "
                        + "over)");
        assertThatThrownBy(() -> Template.compile(Nodes.of(map("*", map("input", "${input.l}", "wher", 1))),
                JOB_SOURCES)).hasMessage("compose.yml:3:11: workflow.output.*: unknown key 'wher' in the source of "
                + "'*'; expected input, where (did you mean 'where'?)");
        assertThatThrownBy(() -> Template.compile(Nodes.of(map("?", map("input", "${input.x}", "operator", "equals",
                "value", 1, "if_true", "y"))), JOB_SOURCES)).hasMessage("compose.yml:3:11: "
                + "workflow.output.?.operator: unknown operator 'equals'; expected one of eq, neq, gt, gte, lt, lte, "
                + "in, not-in, match, not-match, starts-with, ends-with");
        assertThatThrownBy(() -> Template.compile(Nodes.of(map("?", map("input", "${input.x}", "value", 1,
                "if_tru", "y"))), JOB_SOURCES)).hasMessage("compose.yml:3:11: workflow.output.?: unknown key "
                + "'if_tru' in a condition; expected input, operator, value, all, any, not, if_true, if_false "
                + "(did you mean 'if_true'?)");
    }

    @Test
    void itemAndIndexOnlyInsideMaps() {
        assertThatThrownBy(() -> Template.compile(Nodes.of(map("a", "${item.v}")), JOB_SOURCES))
                .hasMessage("compose.yml:3:11: workflow.output.a: unknown source 'item' in ${item.v} "
                        + "(sources here: context, env, input, jobs)");
        Template.compile(Nodes.of(map("*", "${input.l}", "a", "${item.v}", "i", "${index}")), JOB_SOURCES);
    }

    @Test
    void runtimeErrorsNameTheBinding() {
        Template template = Template.compile(new ConfigScalar("n=${input.n as integer}",
                new SourceMark("compose.yml", 4, 9), "workflow.output.n"), JOB_SOURCES);
        assertThatThrownBy(() -> template.render(Scope.of("input", map("n", "abc"))))
                .isInstanceOf(BindingException.class)
                .hasMessage("compose.yml:4:11: workflow.output.n: ${input.n as integer}: expected an integer, "
                        + "got the string \"abc\"");
    }
}
