package dev.modelcompose.engine.value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The producer side of a {@link ChunkStream}: {@link #emit}, then {@link #end} or {@link #fail}, from any thread.
 * Chunks emitted before the consumer subscribes are buffered; delivery is serialised (never two handler calls at
 * once). Producers register {@link #onCancel} to stop their work when the consumer cancels.
 */
public class ChunkPublisher implements ChunkStream {
    private final boolean fragmented;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private final List<Runnable> cancelHandlers = new ArrayList<>();
    private ChunkSubscriber subscriber;
    private boolean delivering;
    private boolean ended;
    private Throwable failure;
    private boolean finished;
    private boolean cancelled;

    public ChunkPublisher(boolean fragmented) {
        this.fragmented = fragmented;
    }

    @Override
    public boolean fragmented() {
        return fragmented;
    }

    /** Adds a chunk; null chunks are dropped. Returns false once the stream was cancelled (stop producing). */
    public boolean emit(Object chunk) {
        synchronized (this) {
            if (cancelled || ended || failure != null) {
                return !cancelled;
            }
            if (chunk != null) {
                pending.add(chunk);
            }
        }
        deliver();
        return true;
    }

    public void end() {
        synchronized (this) {
            if (ended || failure != null) {
                return;
            }
            ended = true;
        }
        deliver();
    }

    public void fail(Throwable error) {
        synchronized (this) {
            if (ended || failure != null) {
                return;
            }
            failure = error;
        }
        deliver();
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code handler} when the consumer cancels (at once if it already has). */
    public void onCancel(Runnable handler) {
        boolean now;
        synchronized (this) {
            now = cancelled;
            if (!now) {
                cancelHandlers.add(handler);
            }
        }
        if (now) {
            handler.run();
        }
    }

    @Override
    public void subscribe(ChunkSubscriber subscriber) {
        synchronized (this) {
            if (this.subscriber != null) {
                throw new IllegalStateException("this stream already has a consumer; a stream can be read only once");
            }
            this.subscriber = subscriber;
        }
        deliver();
    }

    @Override
    public void cancel() {
        List<Runnable> handlers;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            pending.clear();
            if (!ended && failure == null) {
                failure = new java.util.concurrent.CancellationException("stream cancelled");
            }
            handlers = new ArrayList<>(cancelHandlers);
            cancelHandlers.clear();
        }
        handlers.forEach(Runnable::run);
        deliver();
    }

    private void deliver() {
        while (true) {
            Object chunk;
            boolean finish;
            ChunkSubscriber target;
            Throwable error;
            synchronized (this) {
                if (subscriber == null || delivering || finished) {
                    return;
                }
                target = subscriber;
                chunk = pending.poll();
                error = failure;
                finish = chunk == null && (ended || failure != null);
                if (chunk == null && !finish) {
                    return;
                }
                delivering = true;
                if (finish) {
                    finished = true;
                }
            }
            try {
                if (chunk != null) {
                    target.onChunk(chunk);
                } else if (error != null) {
                    target.onError(error);
                } else {
                    target.onEnd();
                }
            } finally {
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }
}
