package dev.modelcompose.engine.binding;

import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Expressions read maps and lists whatever their implementation class (runtime views, immutable JDK ones). */
class ExpressionOverAnyCollectionTest {

    private static Object render(String text, Object jobs) {
        return Template.compile(Nodes.of(text), Set.of("jobs")).render(Scope.of("jobs", jobs));
    }

    @Test
    void aNonPublicMapClass() {
        assertThat(render("${jobs.score.output > 0.8}", new HiddenMap(Map.of("score", Map.of("output", 0.9)))))
                .isEqualTo(true);
    }

    @Test
    void immutableJdkCollections() {
        assertThat(render("${jobs.score.output > 0.8}", Collections.singletonMap("score",
                Collections.singletonMap("output", 0.9)))).isEqualTo(true);
        assertThat(render("${jobs.a.output + 1}", Map.of("a", Map.of("output", 1)))).isEqualTo(2);
        assertThat(render("${jobs.l[1] * 2}", Map.of("l", List.of(1, 2, 3)))).isEqualTo(4);
        assertThat(render("${jobs.u.k == 'v'}", Map.of("u", Collections.unmodifiableMap(Map.of("k", "v")))))
                .isEqualTo(true);
    }

    /** A map as the runtime's job view is: a class of its own that is not public. */
    private static final class HiddenMap extends AbstractMap<String, Object> {
        private final Map<String, Object> entries;

        HiddenMap(Map<String, Object> entries) {
            this.entries = entries;
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }
    }
}
