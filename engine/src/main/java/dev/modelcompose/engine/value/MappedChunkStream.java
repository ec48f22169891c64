package dev.modelcompose.engine.value;

import java.util.function.Function;
import java.util.function.Predicate;

/** A stream that maps and/or filters the chunks of another as they pass; nulls produced by the mapper are dropped. */
final class MappedChunkStream implements ChunkStream {
    private final ChunkStream source;
    private final Function<Object, Object> mapper;
    private final Predicate<Object> keep;

    MappedChunkStream(ChunkStream source, Function<Object, Object> mapper, Predicate<Object> keep) {
        this.source = source;
        this.mapper = mapper;
        this.keep = keep;
    }

    @Override
    public boolean fragmented() {
        return source.fragmented();
    }

    @Override
    public void cancel() {
        source.cancel();
    }

    @Override
    public void subscribe(ChunkSubscriber subscriber) {
        source.subscribe(new ChunkSubscriber() {
            private boolean failed;

            @Override
            public void onChunk(Object chunk) {
                if (failed) {
                    return;
                }
                try {
                    if (keep != null && !keep.test(chunk)) {
                        return;
                    }
                    Object mapped = mapper == null ? chunk : mapper.apply(chunk);
                    if (mapped != null) {
                        subscriber.onChunk(mapped);
                    }
                } catch (RuntimeException error) {
                    failed = true;
                    source.cancel();
                    subscriber.onError(error);
                }
            }

            @Override
            public void onError(Throwable error) {
                if (!failed) {
                    subscriber.onError(error);
                }
            }

            @Override
            public void onEnd() {
                if (!failed) {
                    subscriber.onEnd();
                }
            }
        });
    }
}
