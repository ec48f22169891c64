package dev.modelcompose.engine.binding;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;

/** What a compiled template tells about itself: bindings, sources, referenced jobs, constant, pass-through. */
class TemplateMetadataTest {
    static final Set<String> SOURCES = Set.of("input", "jobs", "context", "env", "result", "result[]", "output");

    static Template compile(Object value) {
        return Template.compile(Nodes.of(value), SOURCES);
    }

    @Test
    void bindingsDescribeEachBindingInOrder() {
        Template template = compile(map(
                "prompt", "${input.prompt as text @(description The prompt)}",
                "n", "${input.n as integer | 3}",
                "voice", "${input.voice as select/alloy,echo | alloy}",
                "tags", "${input.tags as list | [\"a\",\"b\"]}",
                "img", "${input.img as image;base64}",
                "rows", "${input.rows as object[]/id,score}",
                "label", "Hi ${input.name @(description Name) @(label Your name)}!",
                "first", "${input.l[0].id}"));
        List<Binding> bindings = template.bindings();
        assertThat(bindings).hasSize(8);
        assertThat(bindings.get(0)).isEqualTo(new Binding("${input.prompt as text @(description The prompt)}",
                "input", "prompt", "text", null, null, false, null, false, Map.of("description", "The prompt"),
                Nodes.MARK));
        assertThat(bindings.get(1).defaultValue()).isEqualTo(3);
        assertThat(bindings.get(1).hasDefault()).isTrue();
        assertThat(bindings.get(2).subtype()).isEqualTo("alloy,echo");
        assertThat(bindings.get(2).defaultValue()).isEqualTo("alloy");
        assertThat(bindings.get(3).defaultValue()).isEqualTo(list("a", "b"));
        assertThat(bindings.get(4).format()).isEqualTo("base64");
        assertThat(bindings.get(5).list()).isTrue();
        assertThat(bindings.get(5).subtype()).isEqualTo("id,score");
        assertThat(bindings.get(6).annotations()).containsExactly(Map.entry("description", "Name"),
                Map.entry("label", "Your name"));
        assertThat(bindings.get(6).mark().column()).isEqualTo(14);
        assertThat(bindings.get(7).path()).isEqualTo("l[0].id");
    }

    @Test
    void bindingsInsideDefaultsFollowTheirBinding() {
        List<Binding> bindings = compile("${input.a | ${input.b as integer | 3}} ${input.c}").bindings();
        assertThat(bindings).extracting(Binding::path).containsExactly("a", "b", "c");
        assertThat(bindings.get(0).defaultValue()).isEqualTo("${input.b as integer | 3}");
        assertThat(bindings.get(1).defaultValue()).isEqualTo(3);
    }

    @Test
    void expressionBindingsHaveNoSource() {
        Binding binding = compile("${input.a > 1}").bindings().get(0);
        assertThat(binding.source()).isNull();
        assertThat(binding.path()).isEqualTo("input.a > 1");
    }

    @Test
    void sourcesAndJobs() {
        Template template = compile(map("a", "${jobs.first.output.text}", "b", list("${input.x}",
                "${jobs['second'].output}"), "c", "${context.task_id} ${result[].delta}",
                "d", "${input.zz | ${jobs.third.output}}"));
        assertThat(template.sources()).containsExactlyInAnyOrder("jobs", "input", "context", "result[]");
        assertThat(template.referencedJobs()).containsExactlyInAnyOrder("first", "second", "third");
        assertThat(compile("${jobs}").referencedJobs()).isEmpty();
    }

    @Test
    void jobsInsideStructuralOperatorsAreFound() {
        Template template = compile(map("*", map("input", "${jobs.list.output}",
                        "where", map("input", "${item}", "operator", "neq", "value", "${jobs.skip.output}")),
                "v", "${item} ${jobs.suffix.output}"));
        assertThat(template.referencedJobs()).containsExactlyInAnyOrder("list", "skip", "suffix");
        assertThat(compile(map("?", map("input", "${jobs.c.output}", "value", 1, "if_true", "${jobs.t.output}")))
                .referencedJobs()).containsExactlyInAnyOrder("c", "t");
    }

    @Test
    void constants() {
        assertThat(compile("plain text").isConstant()).isTrue();
        assertThat(compile(map("a", list(1, "b"), "c", null)).isConstant()).isTrue();
        assertThat(compile(map("a", list(1, "${input.x}"))).isConstant()).isFalse();
        assertThat(compile("costs $$5 and $${literal}").isConstant()).isTrue();
        assertThat(compile("costs $5 and $${literal}").render(Scope.EMPTY)).isEqualTo("costs $5 and ${literal}");
        assertThat(Template.constant(map("a", 1)).render(Scope.EMPTY)).isEqualTo(map("a", 1));
        assertThat(Template.constant(null).render(Scope.EMPTY)).isNull();
        assertThat(Template.constant("x").isConstant()).isTrue();
    }

    @Test
    void literalDollarBracesAreUnescapedInsideConstantMappingsAndLists() {
        assertThat(compile(map("a", "$${x}", "b", list("$${y}", map("c", "cost $${z}")))).render(Scope.EMPTY))
                .isEqualTo(map("a", "${x}", "b", list("${y}", map("c", "cost ${z}"))));
        assertThat(compile(list("$${x}")).render(Scope.EMPTY)).isEqualTo(list("${x}"));
    }

    @Test
    void renderedConstantsAreFreshCopies() {
        Template template = compile(map("a", list(1)));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) template.render(Scope.EMPTY);
        first.put("b", 2);
        assertThat(template.render(Scope.EMPTY)).isEqualTo(map("a", list(1)));
    }

    @Test
    void passThrough() {
        assertThat(compile("${result}").isPassThrough("result")).isTrue();
        assertThat(compile(" ${ output }").isPassThrough("output")).isFalse();
        assertThat(compile("${ output }").isPassThrough("output")).isTrue();
        assertThat(compile("${result}").isPassThrough("output")).isFalse();
        assertThat(compile("${result.stdout}").isPassThrough("result")).isFalse();
        assertThat(compile("${result as text}").isPassThrough("result")).isFalse();
        assertThat(compile("${result | 1}").isPassThrough("result")).isFalse();
        assertThat(compile("x${result}").isPassThrough("result")).isFalse();
    }

    @Test
    void absentSourcesRenderNull() {
        assertThat(compile("${result.x}").render(Scope.EMPTY)).isNull();
        assertThat(compile("[${result.x}]").render(Scope.EMPTY)).isEqualTo("[]");
    }
}
