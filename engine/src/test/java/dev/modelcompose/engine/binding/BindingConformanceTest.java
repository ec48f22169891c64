package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ComposeException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The R-cases of the model-compose conformance checklist (§8.2), with this project's deliberate differences. */
class BindingConformanceTest {
    static final Set<String> SOURCES = Set.of("input", "jobs", "context", "env");

    static Object render(Object template, Map<String, Object> input) {
        return Template.compile(Nodes.of(template), SOURCES).render(Scope.of("input", input));
    }

    static Object render(Object template) {
        return render(template, map(
                "l", list(map("id", 1, "v", "a"), map("id", 2, "v", "b")),
                "d", map("x", list(1, 2)),
                "n", 5,
                "t", true,
                "xs", list(10, 20, 30, 40, 50),
                "u", list(map("data", map("value", 1)))));
    }

    @Test
    void r1WholeStringKeepsTheNativeValue() {
        assertThat(render("${input.d}")).isEqualTo(map("x", list(1, 2)));
    }

    @Test
    void r2TextWritesListsAsCompactJson() {
        assertThat(render("x${input.l}", map("l", list(1, "a")))).isEqualTo("x[1,\"a\"]");
    }

    @Test
    void r3TextWritesBooleansInLowerCaseAndNullAsNothing() {
        assertThat(render("x${input.t}")).isEqualTo("xtrue");
        assertThat(render("x${input.none}y")).isEqualTo("xy");
    }

    @Test
    void r4NumbersStayNumbers() {
        assertThat(render("${input.n}")).isEqualTo(5);
    }

    @Test
    void r5DefaultsAreYamlScalars() {
        assertThat(render("${input.zz | 5}")).isEqualTo(5);
        assertThat(render("${input.zz as integer | 5}")).isEqualTo(5);
        assertThat(render("${input.zz | true}")).isEqualTo(true);
        assertThat(render("${input.zz | 2.5}")).isEqualTo(2.5);
        assertThat(render("${input.zz | [1, 2]}")).isEqualTo(list(1, 2));
        assertThat(render("${input.zz | {a: 1}}")).isEqualTo(map("a", 1));
        assertThat(render("${input.zz | null}")).isNull();
    }

    @Test
    void r6QuotedDefaultsAreStrings() {
        assertThat(render("${input.zz | \"gpt-4o\"}")).isEqualTo("gpt-4o");
        assertThat(render("${input.zz | 'it''s'}")).isEqualTo("it's");
        assertThat(render("${input.zz | \"5\"}")).isEqualTo("5");
        assertThat(render("${input.zz | gpt-4o}")).isEqualTo("gpt-4o");
        assertThat(render("${input.zz | hello world}")).isEqualTo("hello world");
        assertThat(render("${input.zz | note: see docs # here}")).isEqualTo("note: see docs # here");
    }

    @Test
    void r7DefaultsNest() {
        assertThat(render("${input.a | ${input.b | deep}}")).isEqualTo("deep");
        assertThat(render("${input.a | ${input.n}}")).isEqualTo(5);
        assertThat(render("${input.zz | ${input.n} and ${input.t}}")).isEqualTo("5 and true");
    }

    @Test
    void r8WildcardMapsTheRestOfThePath() {
        assertThat(render("${input.l[*].id}")).isEqualTo(list(1, 2));
        assertThat(render("${input.m[*][*].v}", map("m", list(list(map("v", 1)), list(map("v", 2), map("v", 3))))))
                .isEqualTo(list(list(1), list(2, 3)));
    }

    @Test
    void r9NegativeIndexAndBounds() {
        assertThat(render("${input.l[-1].id}")).isEqualTo(2);
        assertThat(render("${input.l[9].id}")).isNull();
        assertThat(render("${input.l[-9]}")).isNull();
    }

    @Test
    void r10SlicesClamp() {
        assertThat(render("${input.xs[1:]}")).isEqualTo(list(20, 30, 40, 50));
        assertThat(render("${input.xs[-2:]}")).isEqualTo(list(40, 50));
        assertThat(render("${input.xs[:-1]}")).isEqualTo(list(10, 20, 30, 40));
        assertThat(render("${input.xs[100:200]}")).isEqualTo(list());
        assertThat(render("${input.xs[3:1]}")).isEqualTo(list());
    }

    @Test
    void r11NoBroadcastAfterASlice() {
        assertThat(render("${input.l[0:1].id}")).isNull();
        assertThat(render("${input.l[0:1]}")).isEqualTo(list(map("id", 1, "v", "a")));
    }

    @Test
    void r12r13ObjectListProjection() {
        assertThat(render("${input.l as object[]/id}")).isEqualTo(list(map("id", 1), map("id", 2)));
        assertThat(render("${input.u as object[]/data.value}")).isEqualTo(list(map("value", 1)));
    }

    @Test
    void r14TextIsCompactJsonAndMarkdownToo() {
        assertThat(render("${input.v as text}", map("v", map("city", "서울")))).isEqualTo("{\"city\":\"서울\"}");
        assertThat(render("${input.v as markdown}", map("v", map("a", 1)))).isEqualTo("{\"a\":1}");
    }

    @Test
    void r15Booleans() {
        assertThat(render("${input.v as boolean}", map("v", "True"))).isEqualTo(true);
        assertThat(render("${input.v as boolean}", map("v", "1"))).isEqualTo(true);
        assertThat(render("${input.v as boolean}", map("v", "hello"))).isEqualTo(false);
        assertThat(render("${input.v as boolean}", map("v", 0))).isEqualTo(false);
    }

    @Test
    void r16IntegerTruncatesAndNumberParses() {
        assertThat(render("${input.v as integer}", map("v", 3.9))).isEqualTo(3);
        assertThat(render("${input.v as number}", map("v", "-1.5"))).isEqualTo(-1.5);
    }

    @Test
    void r17JsonParsesText() {
        assertThat(render("${input.v as json}", map("v", "[1, 2, 3]"))).isEqualTo(list(1, 2, 3));
        assertThat(render("${input.v as json}", map("v", "42"))).isEqualTo(42);
    }

    @Test
    void r18ElementWiseConversion() {
        assertThat(render("${input.v as integer[]}", map("v", list("1", null, "3")))).isEqualTo(list(1, null, 3));
        assertThatThrownBy(() -> render("${input.v as integer[]}", map("v", "1")))
                .isInstanceOf(BindingException.class)
                .hasMessage("compose.yml:3:11: workflow.output: ${input.v as integer[]}: expected a list for "
                        + "'integer[]', got the string \"1\"");
    }

    @Test
    void r19ListOfAMappingFails() {
        assertThatThrownBy(() -> render("${input.v as list}", map("v", map("a", 1))))
                .isInstanceOf(BindingException.class)
                .hasMessage("compose.yml:3:11: workflow.output: ${input.v as list}: expected a list, got a mapping");
    }

    @Test
    void r20UnknownSourceIsALoadError() {
        assertThatThrownBy(() -> render("${foo.bar | d}"))
                .isInstanceOf(ComposeException.class)
                .hasMessage("compose.yml:3:11: workflow.output: unknown source 'foo' in ${foo.bar | d} "
                        + "(sources here: context, env, input, jobs)");
    }

    @Test
    void r21AdjacentBindingsAreTwoBindings() {
        Scope scope = Scope.of(map("item", "A", "index", "B"));
        Set<String> sources = Set.of("item", "index");
        assertThat(Template.compile(Nodes.of("${item} ${index}"), sources).render(scope)).isEqualTo("A B");
        assertThat(Template.compile(Nodes.of("${item}-${index}"), sources).render(scope)).isEqualTo("A-B");
        assertThat(Template.compile(Nodes.of("${item}${index}"), sources).render(scope)).isEqualTo("AB");
        assertThat(Template.compile(Nodes.of("${item}.${index}"), sources).render(scope)).isEqualTo("A.B");
    }

    @Test
    void r22DictSpread() {
        assertThat(render(map("...", "${input.src}", "b", 99), map("src", map("a", 1, "b", 2))))
                .isEqualTo(map("a", 1, "b", 99));
    }

    @Test
    void r23ListSpread() {
        assertThat(render(list(1, "...${input.xs}", 4), map("xs", list(2, 3)))).isEqualTo(list(1, 2, 3, 4));
        assertThat(render(list(1, "...${input.xs}", 4), map())).isEqualTo(list(1, 4));
    }

    @Test
    void r24MapWithItemAndIndex() {
        assertThat(render(map("*", "${input.xs}", "v", "${item.v}", "i", "${index}"),
                map("xs", list(map("v", 1), map("v", 2)))))
                .isEqualTo(list(map("v", 1, "i", 0), map("v", 2, "i", 1)));
    }

    @Test
    void r25MapWithWhere() {
        assertThat(render(map("*", map("input", "${input.xs}",
                        "where", map("input", "${item}", "operator", "gte", "value", 3))),
                map("xs", list(1, 2, 3, 4, 5)))).isEqualTo(list(3, 4, 5));
    }

    @Test
    void r26MapOverNothingIsEmpty() {
        assertThat(render(map("*", "${input.missing}", "v", 1), map())).isEqualTo(list());
    }

    @Test
    void r27ConditionFallsToIfFalse() {
        assertThat(render(map("r", map("?", map("input", "${input.x}", "value", "admin", "if_true", "user",
                "if_false", "guest"))), map("x", "other"))).isEqualTo(map("r", "guest"));
    }

    @Test
    void r28NoMatchKeepsTheKeyWithNull() {
        assertThat(render(map("tags", map("?", map("input", "${input.x}", "value", "a", "if_true", list(1)))),
                map("x", "b"))).isEqualTo(map("tags", null));
    }

    @Test
    void r29ConditionNextToKeysMerges() {
        Object template = map("role", "user", "?", map("input", "${input.x}", "value", "a",
                "if_true", map("meta", "yes")));
        assertThat(render(template, map("x", "a"))).isEqualTo(map("role", "user", "meta", "yes"));
        assertThat(render(template, map("x", "b"))).isEqualTo(map("role", "user"));
    }

    @Test
    void r30FirstIfFalseShortCircuits() {
        assertThat(render(map("?", list(
                map("input", "${input.t}", "value", 1, "if_false", "X"),
                map("input", "${input.t}", "value", 2, "if_true", "Y"))), map("t", 2))).isEqualTo("X");
    }

    @Test
    void r31Join() {
        assertThat(render(map("+", list("a", "${input.missing}", "b")), map())).isEqualTo("ab");
        assertThat(render(map("+", list(list(1, 2), list(3))), map())).isEqualTo(list(1, 2, 3));
        assertThat(render(map("+", list(map("a", 1, "b", 2), map("b", 9))), map())).isEqualTo(map("a", 1, "b", 9));
        assertThat(render(map("+", list()), map())).isNull();
    }

    @Test
    void r32JoinOfMixedKindsFails() {
        assertThatThrownBy(() -> render(map("+", list("a", list(1))), map()))
                .isInstanceOf(BindingException.class)
                .hasMessage("compose.yml:3:11: workflow.output.+: '+' needs parts of one kind (all text, all lists "
                        + "or all mappings), got the string \"a\" and a list");
    }

    @Test
    void r33Split() {
        assertThat(render(map("|", "${input.pts}", "xs", "${item.x}", "ys", "${item.y}"),
                map("pts", list(map("x", 1, "y", 2), map("x", 3, "y", 4)))))
                .isEqualTo(map("xs", list(1, 3), "ys", list(2, 4)));
    }

    @Test
    void r34SplitWithoutTemplatesIsALoadError() {
        assertThatThrownBy(() -> render(map("|", "${input.pts}"), map()))
                .isInstanceOf(ComposeException.class)
                .hasMessage("compose.yml:3:11: workflow.output: '|' (split) needs at least one field template next "
                        + "to it (write {\"|\": ${input.points}, xs: ${item.x}, ys: ${item.y}})");
    }

    @Test
    void r35EmptyAnyAndAll() {
        Map<String, Object> input = map("xs", list(map("v", 1), map("v", 2)));
        assertThat(render(map("*", map("input", "${input.xs}", "where", map("any", list())), "v", "${item.v}"),
                input)).isEqualTo(list());
        assertThat(render(map("*", map("input", "${input.xs}", "where", map("all", list())), "v", "${item.v}"),
                input)).isEqualTo(list(map("v", 1), map("v", 2)));
    }

    @Test
    void r36StartsWithWorks() {
        assertThat(render(map("*", map("input", "${input.xs}",
                        "where", map("input", "${item}", "operator", "starts-with", "value", "ab"))),
                map("xs", list("abc", "xab", "ab")))).isEqualTo(list("abc", "ab"));
    }
}
