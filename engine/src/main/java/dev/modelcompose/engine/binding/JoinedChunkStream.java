package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;

import java.util.List;

/** The parts of a {@code +} join as one fragmented stream: values are chunks, streams are read through in order. */
final class JoinedChunkStream implements ChunkStream {
    private final List<Object> parts;
    private int next;
    private ChunkStream current;
    private boolean cancelled;
    private boolean subscribed;

    JoinedChunkStream(List<Object> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public boolean fragmented() {
        return true;
    }

    @Override
    public void subscribe(ChunkSubscriber subscriber) {
        synchronized (this) {
            if (subscribed) {
                throw new IllegalStateException("this stream already has a consumer; a stream can be read only once");
            }
            subscribed = true;
        }
        advance(subscriber);
    }

    private void advance(ChunkSubscriber subscriber) {
        while (true) {
            Object part;
            synchronized (this) {
                if (cancelled) {
                    subscriber.onError(new java.util.concurrent.CancellationException("stream cancelled"));
                    return;
                }
                if (next >= parts.size()) {
                    current = null;
                    break;
                }
                part = parts.get(next++);
                current = part instanceof ChunkStream stream ? stream : null;
            }
            if (part instanceof ChunkStream stream) {
                stream.subscribe(new ChunkSubscriber() {
                    @Override
                    public void onChunk(Object chunk) {
                        subscriber.onChunk(chunk);
                    }

                    @Override
                    public void onError(Throwable error) {
                        subscriber.onError(error);
                    }

                    @Override
                    public void onEnd() {
                        advance(subscriber);
                    }
                });
                return;
            }
            subscriber.onChunk(part);
        }
        subscriber.onEnd();
    }

    @Override
    public void cancel() {
        ChunkStream running;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            running = current;
        }
        if (running != null) {
            running.cancel();
        }
        for (int i = 0; i < parts.size(); i++) {
            synchronized (this) {
                if (i < next) {
                    continue;
                }
            }
            if (parts.get(i) instanceof ChunkStream stream) {
                stream.cancel();
            }
        }
    }
}
