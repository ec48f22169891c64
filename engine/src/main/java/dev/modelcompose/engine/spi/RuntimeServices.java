package dev.modelcompose.engine.spi;

import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.Map;

/** The running engine as components see it. */
public interface RuntimeServices {

    /**
     * Services for a driver or component used outside a compose run (tests, benchmarks, tools): this Vert.x, this
     * folder, the process environment, and no workflows to call.
     */
    static RuntimeServices of(Vertx vertx, Path baseDir) {
        return new RuntimeServices() {
            @Override
            public Vertx vertx() {
                return vertx;
            }

            @Override
            public Path baseDir() {
                return baseDir;
            }

            @Override
            public WorkflowInvoker workflows() {
                return WorkflowInvoker.NONE;
            }
        };
    }

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

    /**
     * True when install steps of managed servers must run again even though they succeeded before
     * ({@code compose up --reinstall}). Defaults to the system property {@code modelcompose.reinstall}.
     */
    default boolean reinstall() {
        return Boolean.getBoolean("modelcompose.reinstall");
    }

    /**
     * True when output of managed server processes is echoed to the console (stderr) with a {@code [component] }
     * prefix, besides their log file. Defaults to the system property {@code modelcompose.echo} (true when unset).
     */
    default boolean echoProcessOutput() {
        return Boolean.parseBoolean(System.getProperty("modelcompose.echo", "true"));
    }
}
