package dev.modelcompose.engine.binding;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;

class TemplatePathTest {
    static final Set<String> SOURCES = Set.of("input", "jobs", "context", "env");
    static final Map<String, Object> INPUT = map(
            "l", list(map("id", 1, "v", "a"), map("id", 2, "v", "b")),
            "d", map("x", list(1, 2)),
            "n", "5",
            "t", true,
            "xs", list(10, 20, 30, 40, 50));

    static Object render(Object template) {
        return Template.compile(Nodes.of(template), SOURCES).render(scope());
    }

    static Scope scope() {
        return Scope.of(map("input", INPUT, "jobs", map("a", map("output", map("b", "B")))));
    }

    @Test
    void wholeStringBindingIsTheNativeValue() {
        assertThat(render("${input.d}")).isEqualTo(map("x", list(1, 2)));
        assertThat(render("${input.t}")).isEqualTo(true);
        assertThat(render("${jobs.a.output.b}")).isEqualTo("B");
        assertThat(render("${ input.n }")).isEqualTo("5");
    }

    @Test
    void textInterpolationWritesJson() {
        assertThat(render("x=${input.t} d=${input.d}")).isEqualTo("x=true d={\"x\":[1,2]}");
        assertThat(render("a ${input.zz} b")).isEqualTo("a  b");
        assertThat(render("x${input.l[0].id}-${input.l[1].v}")).isEqualTo("x1-b");
    }

    @Test
    void pathsIndexSliceAndWildcard() {
        assertThat(render("${input.l[-1].v}")).isEqualTo("b");
        assertThat(render("${input.l[5]}")).isNull();
        assertThat(render("${input.l[*].id}")).isEqualTo(list(1, 2));
        assertThat(render("${input.xs[1:]}")).isEqualTo(list(20, 30, 40, 50));
        assertThat(render("${input.l[0:1].v}")).isNull();
        assertThat(render("${input.d[0]}")).isNull();
    }

    @Test
    void mapsAndListsRenderElementByElement() {
        assertThat(render(map("a", "${input.n}", "b", list("${input.t}", 3))))
                .isEqualTo(map("a", "5", "b", list(true, 3)));
    }
}
