package dev.modelcompose.engine.spi;

import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.Map;

/** The running engine as components see it. */
public interface RuntimeServices {
    Vertx vertx();

    /** The folder of the compose file. */
    Path baseDir();

    /**
     * The variables {@code ${env.X}} reads: the compose file's env files, the process environment, {@code -e}
     * overrides, in that precedence (the same the file was interpolated with).
     */
    default Map<String, String> environment() {
        return System.getenv();
    }

    /** Runs another workflow of the same file (the {@code workflow} component). */
    WorkflowInvoker workflows();
}
