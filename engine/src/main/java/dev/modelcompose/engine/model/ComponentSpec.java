package dev.modelcompose.engine.model;

import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.SourceMark;

import java.util.List;
import java.util.Optional;

/**
 * A component as declared in a compose file: its id, its {@code type:} (the name of a registered
 * {@link dev.modelcompose.engine.spi.ComponentType}), its actions and its whole mapping for the type to read.
 *
 * @param maxConcurrentCount {@code max_concurrent_count}; 0 means unbounded
 */
public record ComponentSpec(String id, String type, boolean isDefault, int maxConcurrentCount,
                            List<ActionSpec> actions, ConfigMap config) {
    public static final String DEFAULT_ID = "__component__";

    public SourceMark mark() {
        return config.mark();
    }

    /**
     * The action called by {@code action: id}; {@code __default__} (or null) picks the only action, else the one
     * marked {@code default: true}.
     */
    public Optional<ActionSpec> action(String id) {
        if (id == null || id.equals(JobSpec.DEFAULT_REFERENCE)) {
            if (actions.size() == 1) {
                return Optional.of(actions.get(0));
            }
            return actions.stream().filter(ActionSpec::isDefault).findFirst();
        }
        return actions.stream().filter(a -> a.id().equals(id)).findFirst();
    }
}
