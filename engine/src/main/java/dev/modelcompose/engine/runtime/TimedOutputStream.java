package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;

/**
 * A workflow output that is a stream, while the workflow {@code timeout} still runs: the stream is part of the run,
 * so when the time is up the producer is stopped and the stream fails with the timeout. {@code onDone} runs once
 * when the stream ends, fails or is cancelled by its reader (to cancel the timer).
 */
final class TimedOutputStream {
    private final ChunkStream source;
    private final ChunkPublisher out;

    TimedOutputStream(ChunkStream source, Runnable onDone) {
        this.source = source;
        this.out = new ChunkPublisher(source.fragmented());
        out.onCancel(() -> {
            source.cancel();
            onDone.run();
        });
        source.subscribe(new ChunkSubscriber() {
            @Override
            public void onChunk(Object chunk) {
                out.emit(chunk);
            }

            @Override
            public void onError(Throwable error) {
                out.fail(error);
                onDone.run();
            }

            @Override
            public void onEnd() {
                out.end();
                onDone.run();
            }
        });
    }

    ChunkStream output() {
        return out;
    }

    /** The time is up: stops the producer, and the reader gets {@code failure}. */
    void expire(Throwable failure) {
        out.fail(failure);
        source.cancel();
    }
}
