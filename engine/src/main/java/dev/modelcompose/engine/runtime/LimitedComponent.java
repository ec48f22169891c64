package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ManagedProcessInfo;
import dev.modelcompose.engine.spi.RuntimeServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A component with {@code max_concurrent_count: N}: at most N calls run at once; the others wait in a FIFO queue
 * (no thread waits) and start, on their caller's context, as running calls finish. A waiting call whose cancellation
 * fires leaves the queue.
 */
final class LimitedComponent implements Component {
    private final Component delegate;
    private final int limit;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private int active;

    private record Waiting(ActionSpec action, Object input, CallContext context, Promise<Object> promise,
                           Context callerContext) {
    }

    LimitedComponent(Component delegate, int limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    @Override
    public ComponentSpec spec() {
        return delegate.spec();
    }

    @Override
    public Set<String> resultSources() {
        return delegate.resultSources();
    }

    @Override
    public Future<Void> start(RuntimeServices services) {
        return delegate.start(services);
    }

    @Override
    public Future<Void> stop() {
        return delegate.stop();
    }

    @Override
    public Optional<ManagedProcessInfo> processInfo() {
        return delegate.processInfo();
    }

    @Override
    public Future<Object> call(ActionSpec action, Object input, CallContext context) {
        Waiting waiting;
        synchronized (this) {
            if (active < limit) {
                active++;
                waiting = null;
            } else {
                waiting = new Waiting(action, input, context, Promise.promise(), Vertx.currentContext());
                queue.add(waiting);
            }
        }
        if (waiting == null) {
            return run(action, input, context);
        }
        context.cancellation().onCancel(() -> {
            boolean removed;
            synchronized (this) {
                removed = queue.remove(waiting);
            }
            if (removed) {
                waiting.promise().tryFail(new CancellationException(context.cancellation().reason()));
            }
        });
        return waiting.promise().future();
    }

    private Future<Object> run(ActionSpec action, Object input, CallContext context) {
        Future<Object> result = ComponentJob.call(delegate, action, input, context);
        result.onComplete(done -> release());
        return result;
    }

    private void release() {
        Waiting next;
        synchronized (this) {
            next = queue.poll();
            if (next == null) {
                active--;
                return;
            }
        }
        Runnable start = () -> run(next.action(), next.input(), next.context()).onComplete(done -> {
            if (done.succeeded()) {
                next.promise().tryComplete(done.result());
            } else {
                next.promise().tryFail(done.cause());
            }
        });
        if (next.callerContext() != null) {
            next.callerContext().runOnContext(ignored -> start.run());
        } else {
            start.run();
        }
    }
}
