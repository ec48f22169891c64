package dev.modelcompose.engine.load;

import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.spi.ComponentTypes;

/**
 * Loads compose files into a {@link ComposeFile}: read (YAML with marks, environment interpolation, shorthands,
 * merge, includes) → schema check → bind (typed model, references checked).
 */
public final class ComposeLoader {
    private final ComponentTypes types;

    public ComposeLoader(ComponentTypes types) {
        this.types = types;
    }

    /** @throws ComposeException with every problem found, each with file:line:column */
    public ComposeFile load(LoadOptions options) {
        Thread preload = new Thread(SchemaCheck::preload, "schema-preload");
        preload.setDaemon(true);
        preload.start();
        ReadDocument document = DocumentReader.read(options);
        SchemaCheck.validate(document, types.names());
        return ComposeBinder.bind(document, types);
    }
}
