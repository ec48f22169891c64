package dev.modelcompose.engine.spi;

import io.vertx.core.Vertx;

import java.nio.file.Path;

/** The running engine as components see it. */
public interface RuntimeServices {
    Vertx vertx();

    /** The folder of the compose file. */
    Path baseDir();

    /** Runs another workflow of the same file (the {@code workflow} component). */
    WorkflowInvoker workflows();
}
