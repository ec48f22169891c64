package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;

/**
 * A stream that is still under a time limit (the workflow {@code timeout} for a streamed output, a job
 * {@code timeout} for a job that gives a stream): the stream is part of that work, so when the time is up the
 * producer is stopped and the stream fails with the timeout. {@code onDone} runs when the stream ends, fails or is
 * cancelled by its reader (to cancel the timer).
 */
final class TimeBoundStream {
    private final ChunkStream source;
    private final ChunkPublisher out;

    TimeBoundStream(ChunkStream source, Runnable onDone) {
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
