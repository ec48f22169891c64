package dev.modelcompose.engine.load;

import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;
import dev.modelcompose.engine.spi.ComponentTypes;

/**
 * Stand-ins for the real {@code shell}, {@code http-client} and {@code workflow} types, which live in the components
 * module (the engine cannot depend on it). They only carry the names: the binder never calls {@code create}.
 */
final class StandInComponentTypes {
    private StandInComponentTypes() {
    }

    static ComponentTypes shellHttpClientWorkflow() {
        return ComponentTypes.of(named("shell"), named("http-client"), named("workflow"));
    }

    private static ComponentType named(String name) {
        return new ComponentType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Component create(ComponentSpec spec, ComponentSetup setup) {
                return null;
            }
        };
    }
}
