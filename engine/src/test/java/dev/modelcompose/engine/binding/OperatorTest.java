package dev.modelcompose.engine.binding;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static dev.modelcompose.engine.binding.Nodes.list;
import static dev.modelcompose.engine.binding.Nodes.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorTest {

    @Test
    void equalityAcrossNumberTypes() {
        assertThat(Operator.EQ.test(1, 1.0)).isTrue();
        assertThat(Operator.EQ.test(1L, new BigDecimal("1.00"))).isTrue();
        assertThat(Operator.EQ.test("5", 5)).isTrue();
        assertThat(Operator.EQ.test(5, " 5 ")).isTrue();
        assertThat(Operator.EQ.test("5", "5.0")).isFalse();
        assertThat(Operator.EQ.test("abc", 5)).isFalse();
        assertThat(Operator.EQ.test("1e999999999", 1)).isFalse();
        assertThat(Operator.EQ.test(null, null)).isTrue();
        assertThat(Operator.EQ.test(null, 0)).isFalse();
        assertThat(Operator.EQ.test(true, "true")).isFalse();
        assertThat(Operator.EQ.test(list(1, 2), list(1.0, 2L))).isTrue();
        assertThat(Operator.EQ.test(map("a", 1), map("a", 1.0))).isTrue();
        assertThat(Operator.NEQ.test("a", "b")).isTrue();
        assertThat(Operator.NEQ.test(2, 2.0)).isFalse();
    }

    @Test
    void ordering() {
        assertThat(Operator.GT.test(3, 2.5)).isTrue();
        assertThat(Operator.GTE.test("10", 9)).isTrue();
        assertThat(Operator.LT.test(1, "2")).isTrue();
        assertThat(Operator.LTE.test(2, 2.0)).isTrue();
        assertThat(Operator.GT.test("b", "a")).isTrue();
        assertThat(Operator.GT.test("10", "9")).isFalse();
        assertThat(Operator.GT.test(null, 1)).isFalse();
        assertThat(Operator.LT.test(1, null)).isFalse();
        assertThatThrownBy(() -> Operator.GT.test("abc", 1)).isInstanceOf(BindingException.class)
                .hasMessage("cannot order the string \"abc\" and the number 1");
        assertThatThrownBy(() -> Operator.GT.test(map(), list())).hasMessage("cannot order a mapping and a list");
    }

    @Test
    void membership() {
        assertThat(Operator.IN.test(2, list(1, 2, 3))).isTrue();
        assertThat(Operator.IN.test("2", list(1, 2, 3))).isTrue();
        assertThat(Operator.IN.test("ell", "hello")).isTrue();
        assertThat(Operator.IN.test("a", map("a", 1))).isTrue();
        assertThat(Operator.IN.test("x", null)).isFalse();
        assertThat(Operator.NOT_IN.test(4, list(1, 2, 3))).isTrue();
        assertThat(Operator.NOT_IN.test("z", "hello")).isTrue();
        assertThatThrownBy(() -> Operator.IN.test(1, 5)).hasMessage("'in' needs a list, a string or a mapping, "
                + "got the number 5");
    }

    @Test
    void regularExpressionsAnchorAtTheStart() {
        assertThat(Operator.MATCH.test("hello world", "hel+o")).isTrue();
        assertThat(Operator.MATCH.test("say hello", "hello")).isFalse();
        assertThat(Operator.MATCH.test(42, "\\d+")).isTrue();
        assertThat(Operator.MATCH.test(null, ".*")).isFalse();
        assertThat(Operator.NOT_MATCH.test("say hello", "hello")).isTrue();
        assertThat(Operator.NOT_MATCH.test("hello", "h")).isFalse();
        assertThatThrownBy(() -> Operator.MATCH.test("x", "(")).isInstanceOf(BindingException.class)
                .hasMessage("invalid regular expression '(': Unclosed group");
    }

    @Test
    void prefixesAndSuffixes() {
        assertThat(Operator.STARTS_WITH.test("model-compose", "model")).isTrue();
        assertThat(Operator.STARTS_WITH.test("compose", "model")).isFalse();
        assertThat(Operator.ENDS_WITH.test("file.json", ".json")).isTrue();
        assertThat(Operator.ENDS_WITH.test(12345, 45)).isTrue();
        assertThat(Operator.ENDS_WITH.test(null, "x")).isFalse();
    }

    @Test
    void namesAsWritten() {
        assertThat(Operator.fromText("not-in")).isEqualTo(Operator.NOT_IN);
        assertThat(Operator.fromText("starts_with")).isNull();
    }
}
