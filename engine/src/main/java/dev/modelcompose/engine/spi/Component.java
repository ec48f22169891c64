package dev.modelcompose.engine.spi;

import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import io.vertx.core.Future;

import java.util.Optional;
import java.util.Set;

/**
 * A compiled component, shared by every run. {@link #call} may be invoked concurrently (the engine applies
 * {@code max_concurrent_count}); it must never block the calling (event-loop) thread: blocking work goes to
 * {@link CallContext#executeBlocking}.
 */
public interface Component {

    ComponentSpec spec();

    /**
     * Runs {@code action} with the job's rendered {@code input}. The future completes with the action's output (its
     * {@code output} template applied), which may be a {@link dev.modelcompose.engine.value.ChunkStream}; it fails
     * with an exception whose message a user can read (no stack trace needed).
     */
    Future<Object> call(ActionSpec action, Object input, CallContext context);

    /** The sources this component's action templates may read after the call: {@code result}, {@code response}... */
    Set<String> resultSources();

    /** Allocates what the component holds (a server process, a loaded model). Called before the first run. */
    default Future<Void> start(RuntimeServices services) {
        return Future.succeededFuture();
    }

    /** Releases what {@link #start} allocated. */
    default Future<Void> stop() {
        return Future.succeededFuture();
    }

    /**
     * The managed process behind this component (state, port, pid, start time), for {@code compose ps}; empty for
     * components that manage none.
     */
    default Optional<ManagedProcessInfo> processInfo() {
        return Optional.empty();
    }
}
