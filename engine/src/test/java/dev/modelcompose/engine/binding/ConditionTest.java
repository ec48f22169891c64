package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ComposeException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionTest {
    static final Set<String> SOURCES = Set.of("input", "jobs", "item", "index");

    static Condition compile(Object tree) {
        return Condition.compile(Nodes.of(tree, "workflows[0].jobs[0].where", Nodes.MARK), SOURCES);
    }

    static boolean test(Object tree, Object item) {
        return compile(tree).test(Scope.of(map("item", item, "index", 0, "input", map("min", 3))));
    }

    @Test
    void leafDefaultsToEq() {
        assertThat(test(map("input", "${item}", "value", "x"), "x")).isTrue();
        assertThat(test(map("input", "${item}", "value", "x"), "y")).isFalse();
        assertThat(test(map("input", "${item}", "operator", "gte", "value", "${input.min}"), 3)).isTrue();
        assertThat(test(map("input", "${item as number}", "operator", "gt", "value", 2), "2.5")).isTrue();
    }

    @Test
    void combinators() {
        Object big = map("input", "${item}", "operator", "gt", "value", 10);
        Object even = map("input", "${item % 2 == 0}", "value", true);
        assertThat(test(map("all", list(big, even)), 12)).isTrue();
        assertThat(test(map("all", list(big, even)), 13)).isFalse();
        assertThat(test(map("any", list(big, even)), 4)).isTrue();
        assertThat(test(map("not", big), 4)).isTrue();
        assertThat(test(map("all", list()), 1)).isTrue();
        assertThat(test(map("any", list()), 1)).isFalse();
        assertThat(test(map("not", map("any", list(big, map("not", even)))), 4)).isTrue();
    }

    @Test
    void referencedJobs() {
        Condition condition = compile(map("any", list(map("input", "${jobs.a.output}", "value", 1),
                map("input", "${jobs.b.output > 2}", "value", true))));
        assertThat(condition.referencedJobs()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void mixingLeafAndCombinatorIsAnError() {
        assertThatThrownBy(() -> compile(map("input", "${item}", "all", list())))
                .isInstanceOf(ComposeException.class)
                .hasMessage("compose.yml:3:11: workflows[0].jobs[0].where: a condition has either "
                        + "input/operator/value or exactly one of all, any, not; found input, all");
        assertThatThrownBy(() -> compile(map("all", list(), "any", list())))
                .hasMessage("compose.yml:3:11: workflows[0].jobs[0].where: a condition has either "
                        + "input/operator/value or exactly one of all, any, not; found all, any");
    }

    @Test
    void badTreesAreLoadErrors() {
        assertThatThrownBy(() -> compile(map("input", "${item}", "operator", "startswith", "value", "a")))
                .hasMessage("compose.yml:3:11: workflows[0].jobs[0].where.operator: unknown operator 'startswith'; "
                        + "expected one of eq, neq, gt, gte, lt, lte, in, not-in, match, not-match, starts-with, "
                        + "ends-with (did you mean 'starts-with'?)");
        assertThatThrownBy(() -> compile(map("input", "${item}", "operater", "eq")))
                .hasMessage("compose.yml:3:11: workflows[0].jobs[0].where: unknown key 'operater' in a condition; "
                        + "expected input, operator, value, all, any, not (did you mean 'operator'?)");
        assertThatThrownBy(() -> compile(map("value", 1)))
                .hasMessage("compose.yml:3:11: workflows[0].jobs[0].where: a condition needs 'input' (the value to "
                        + "test) (write {input: ${...}, operator: eq, value: ...})");
        assertThatThrownBy(() -> compile(map("all", map("input", 1))))
                .hasMessage("compose.yml:3:11: workflows[0].jobs[0].where.all: 'all' needs a list of conditions, "
                        + "got a mapping");
        assertThatThrownBy(() -> compile("${item}"))
                .hasMessage("compose.yml:3:11: workflows[0].jobs[0].where: a condition must be a mapping, got a "
                        + "string (write {input: ${...}, operator: eq, value: ...} or all/any/not)");
        assertThatThrownBy(() -> compile(map("input", "${itme}")))
                .hasMessage("compose.yml:3:11: workflows[0].jobs[0].where.input: unknown source 'itme' in ${itme} "
                        + "(did you mean 'item'?)");
    }

    @Test
    void runtimeFailuresNameTheCondition() {
        assertThatThrownBy(() -> test(map("input", "${item}", "operator", "match", "value", "("), "x"))
                .isInstanceOf(BindingException.class)
                .hasMessage("compose.yml:3:11: workflows[0].jobs[0].where: match: invalid regular expression '(': "
                        + "Unclosed group");
    }
}
