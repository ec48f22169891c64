package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's stream output as {@code ${jobs.X.output}} gives it: every reader (several jobs, the workflow output) gets
 * every chunk from the first one, as it arrives. The source is read once, on the first subscription; its chunks are
 * kept for readers that come later. {@link #cancel()} stops the source for every reader.
 */
final class SharedChunkStream implements ChunkStream {
    private final ChunkStream source;
    private final List<Object> chunks = new ArrayList<>();
    private final List<ChunkPublisher> readers = new ArrayList<>();
    private boolean started;
    private boolean finished;
    private Throwable failure;

    SharedChunkStream(ChunkStream source) {
        this.source = source;
    }

    @Override
    public void subscribe(ChunkSubscriber subscriber) {
        ChunkPublisher reader = new ChunkPublisher(source.fragmented());
        boolean start;
        synchronized (this) {
            // the reader has no subscriber yet: these only queue, no callback runs under the lock
            chunks.forEach(reader::emit);
            if (finished) {
                if (failure != null) {
                    reader.fail(failure);
                } else {
                    reader.end();
                }
            } else {
                readers.add(reader);
            }
            start = !started;
            started = true;
        }
        reader.subscribe(subscriber);
        if (start) {
            source.subscribe(new SourceReader());
        }
    }

    @Override
    public void cancel() {
        source.cancel();
    }

    @Override
    public boolean fragmented() {
        return source.fragmented();
    }

    private final class SourceReader implements ChunkSubscriber {
        @Override
        public void onChunk(Object chunk) {
            List<ChunkPublisher> targets;
            synchronized (SharedChunkStream.this) {
                chunks.add(chunk);
                targets = List.copyOf(readers);
            }
            targets.forEach(reader -> reader.emit(chunk));
        }

        @Override
        public void onError(Throwable error) {
            finish(error).forEach(reader -> reader.fail(error));
        }

        @Override
        public void onEnd() {
            finish(null).forEach(ChunkPublisher::end);
        }

        private List<ChunkPublisher> finish(Throwable error) {
            synchronized (SharedChunkStream.this) {
                finished = true;
                failure = error;
                List<ChunkPublisher> targets = List.copyOf(readers);
                readers.clear();
                return targets;
            }
        }
    }
}
