package dev.modelcompose.engine.spi;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a component that manages a local process (the {@code http-server} type) tells {@code compose ps}: its state,
 * port, process id and start time. Values are a snapshot; ask again for fresh ones.
 */
public interface ManagedProcessInfo {

    /**
     * One of {@code stopped}, {@code installing}, {@code starting}, {@code running}, {@code restarting},
     * {@code exited} (ended and not restarted, {@code restart: no}), {@code failed} (could not start, or gave up
     * restarting), {@code stopping}.
     */
    String state();

    /** The port the server listens on, or null when it has none. */
    Integer port();

    /** The process id of the started command (the leader of its process group), or null when not running. */
    Long pid();

    /** When the current process was started, or null when not running. */
    Instant startedAt();

    /** How many times the process was restarted after a crash since {@code start}. */
    default int restarts() {
        return 0;
    }

    /** The log file the process writes to, or null. */
    default Path logFile() {
        return null;
    }
}
