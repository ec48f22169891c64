package dev.modelcompose.engine.load;

import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.spi.ComponentTypes;

/** Stub: binds a validated document to the immutable model and checks references. */
public final class ComposeBinder {
    private ComposeBinder() {
    }

    public static ComposeFile bind(ReadDocument document, ComponentTypes types) {
        throw new UnsupportedOperationException("binder not implemented yet");
    }
}
