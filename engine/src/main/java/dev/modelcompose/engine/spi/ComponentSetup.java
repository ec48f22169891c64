package dev.modelcompose.engine.spi;

import dev.modelcompose.engine.model.ComposeFile;

import java.nio.file.Path;

/** What a {@link ComponentType} may know while it compiles a component. */
public interface ComponentSetup {

    /** The folder of the compose file: relative paths resolve against it. */
    Path baseDir();

    /** The whole file (e.g. to check that a {@code workflow:} id exists). */
    ComposeFile file();
}
