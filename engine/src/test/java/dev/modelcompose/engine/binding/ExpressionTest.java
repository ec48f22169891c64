package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ComposeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bindings that are expressions (JEXL in a sandbox). */
class ExpressionTest {
    static final Set<String> SOURCES = Set.of("input", "jobs", "context");

    static Template compile(String text) {
        return Template.compile(Nodes.of(text), SOURCES);
    }

    static Object render(String text) {
        return compile(text).render(Scope.of(map(
                "input", map("strict", true, "n", 3, "s", "Hello", "l", list(1, 2, 3), "m", map("k", "v"),
                        "f", 2.5, "name", "ada"),
                "jobs", map("score", map("output", 0.9), "x-y", map("output", "dash")))));
    }

    @Test
    void comparisonsAndLogic() {
        assertThat(render("${jobs.score.output > 0.8 && input.strict}")).isEqualTo(true);
        assertThat(render("${input.n >= 4 || !input.strict}")).isEqualTo(false);
        assertThat(render("${input.s == 'Hello'}")).isEqualTo(true);
        assertThat(render("${input.n > 1 ? 'many' : 'one'}")).isEqualTo("many");
        assertThat(render("${input.s =~ 'He.*'}")).isEqualTo(true);
    }

    @Test
    void arithmetic() {
        assertThat(render("${input.n + 1}")).isEqualTo(4);
        assertThat(render("${input.n * input.f}")).isEqualTo(7.5);
        assertThat(render("${input.l[1] + input.l[2]}")).isEqualTo(5);
        assertThat(render("${'n=' + input.n}")).isEqualTo("n=3");
        assertThat(render("${1 + 1}")).isEqualTo(2);
        assertThat(render("${input.n - 1}")).isEqualTo(2);
        assertThat(render("${input.n-1}")).isNull();
        assertThat(render("${[1, 2, input.n]}")).isEqualTo(list(1, 2, 3));
        assertThat(render("${{'a': input.n}}")).isEqualTo(map("a", 3));
    }

    @Test
    void missingValuesAreNull() {
        assertThat(render("${input.zz.deep.er}")).isNull();
        assertThat(render("${input.zz > 1}")).isEqualTo(false);
        assertThat(render("${input.zz == null}")).isEqualTo(true);
    }

    @Test
    void aSingleBarIsADefaultAndDoubleBarIsOr() {
        assertThat(render("${input.zz || input.strict}")).isEqualTo(true);
        assertThat(render("${input.zz ? 1 : null | 7}")).isEqualTo(7);
        assertThat(render("${input.n > 1 | false}")).isEqualTo(true);
        assertThat(render("${input.n + 1 as text}")).isEqualTo("4");
        assertThat(render("${'a' + ' as text'}")).isEqualTo("a as text");
    }

    @Test
    void functions() {
        assertThat(render("${upper(input.name)}")).isEqualTo("ADA");
        assertThat(render("${join(input.l, ', ')}")).isEqualTo("1, 2, 3");
        assertThat(render("${size(input.l)}")).isEqualTo(3);
        assertThat(render("${length(input.s)}")).isEqualTo(5);
        assertThat(render("${empty(input.zz)}")).isEqualTo(true);
        assertThat(render("${round(input.f)}")).isEqualTo(3);
        assertThat(render("${max(input.n, 10)}")).isEqualTo(10);
        assertThat(render("${split('a,b', ',')}")).isEqualTo(list("a", "b"));
        assertThat(render("${contains(input.l, 2) && startsWith(input.s, 'He')}")).isEqualTo(true);
        assertThat(render("${substring(input.s, 1, -1)}")).isEqualTo("ell");
        assertThat(render("${keys(input.m)}")).isEqualTo(list("k"));
        assertThat(render("${json(input.m)}")).isEqualTo("{\"k\":\"v\"}");
        assertThat(render("${integer('12') + 1}")).isEqualTo(13);
    }

    @Test
    void textInterpolationOfExpressions() {
        assertThat(render("score ok: ${jobs.score.output > 0.5}, next: ${input.n + 1}"))
                .isEqualTo("score ok: true, next: 4");
    }

    @Test
    void referencedJobsAreFoundInsideExpressions() {
        assertThat(compile("${jobs.score.output > 0.8 && input.strict}").referencedJobs()).containsExactly("score");
        assertThat(compile("${jobs['x-y'].output + jobs.b.output}").referencedJobs())
                .containsExactlyInAnyOrder("x-y", "b");
        assertThat(render("${jobs['x-y'].output}")).isEqualTo("dash");
        assertThat(compile("${jobs.a.output > 1}").sources()).containsExactly("jobs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"${''.getClass()}", "${input.s.getClass().forName('java.lang.Runtime')}",
            "${new('java.io.File', 'x')}", "${input.n = 1}", "${input.n++}", "${input.l.add(4)}",
            "${input.m.put('k', 1)}", "${var x = 1}", "${for (x : input.l) { x }}", "${x -> x}",
            "${input.s.toUpperCase()}", "${input.n; input.s}", "${`${input.n}`}", "${java.lang.Runtime}",
            "${getClass()}", "${Math.abs(1)}", "${#pragma x 1}", "${@silent input.n}",
            "${while (true) { 1 }}", "${input.n += 1}"})
    void sandboxEscapesAreLoadErrors(String text) {
        assertThatThrownBy(() -> compile(text)).isInstanceOf(ComposeException.class);
    }

    @Test
    void classPropertiesAreNotReachable() {
        assertThatThrownBy(() -> render("${''.class}")).isInstanceOf(BindingException.class)
                .hasMessage("compose.yml:3:11: workflow.output: ${''.class}: expression failed: "
                        + "undefined property 'class'");
        assertThat(render("${input.s.class}")).isNull();
        assertThat(render("${input.l.class}")).isNull();
    }

    @Test
    void inputIsNeverModified() {
        java.util.Map<String, Object> input = map("l", list(1));
        Template template = compile("${size(input.l) + 1}");
        template.render(Scope.of("input", input));
        assertThat(input).isEqualTo(map("l", list(1)));
    }

    @Test
    void exactErrorMessages() {
        assertThatThrownBy(() -> compile("${input.s.toUpperCase()}")).hasMessage("compose.yml:3:11: workflow.output: "
                + "invalid expression ${input.s.toUpperCase()}: calling methods on values is not allowed; use a "
                + "function such as upper(x) or length(x)");
        assertThatThrownBy(() -> compile("${new('java.io.File', 'x')}")).hasMessage("compose.yml:3:11: "
                + "workflow.output: invalid expression ${new('java.io.File', 'x')}: 'new' is not allowed in "
                + "expressions");
        assertThatThrownBy(() -> compile("${input.n = 1}")).hasMessage("compose.yml:3:11: workflow.output: "
                + "invalid expression ${input.n = 1}: expressions cannot assign or modify values");
        assertThatThrownBy(() -> compile("${uper(input.s)}")).hasMessage("compose.yml:3:11: workflow.output: "
                + "invalid expression ${uper(input.s)}: unknown function 'uper' (did you mean 'upper'?); functions: "
                + "upper, lower, trim, length, contains, startsWith, endsWith, replace, substring, split, join, keys, "
                + "values, abs, round, floor, ceil, min, max, text, json, integer, number, size, empty");
        assertThatThrownBy(() -> compile("${input.n >}")).hasMessageStartingWith("compose.yml:3:11: "
                + "workflow.output: invalid expression ${input.n >}: ");
        assertThatThrownBy(() -> compile("${resutl > 1}")).hasMessage("compose.yml:3:11: workflow.output: "
                + "unknown source 'resutl' in ${resutl > 1} (sources here: context, input, jobs)");
        assertThatThrownBy(() -> compile("${inptu.n > 1}")).hasMessage("compose.yml:3:11: workflow.output: "
                + "unknown source 'inptu' in ${inptu.n > 1} (did you mean 'input'?)");
    }
}
