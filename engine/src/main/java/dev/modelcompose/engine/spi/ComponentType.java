package dev.modelcompose.engine.spi;

import dev.modelcompose.engine.model.ComponentSpec;

/**
 * A kind of component ({@code type: shell}, {@code type: http-client}, ...). Implementations register in
 * {@code META-INF/services/dev.modelcompose.engine.spi.ComponentType}; the engine finds them by {@link #name()}.
 */
public interface ComponentType {

    /** The {@code type:} value, e.g. {@code http-client}. */
    String name();

    /**
     * Compiles a component: reads and checks its fields (compiling every template with
     * {@link dev.modelcompose.engine.binding.Template#compile}), without starting anything. Called at load time, so
     * {@code compose validate} reports these errors too.
     *
     * @throws dev.modelcompose.engine.load.ComposeException for a bad field, with its place in the file
     */
    Component create(ComponentSpec spec, ComponentSetup setup);
}
