package dev.modelcompose.engine.value;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stream of chunks flowing from one job to the next (tokens, lines, SSE events), consumed once.
 *
 * <p>{@link #fragmented()} tells whether the chunks are pieces of one value (text deltas, to be joined) or separate
 * items (to be collected into a list). Null chunks are dropped by producers and operators.
 */
public interface ChunkStream {

    /** Starts delivery to the single subscriber; a second call fails with IllegalStateException. */
    void subscribe(ChunkSubscriber subscriber);

    /** Stops the producer (kills the process, aborts the request) and ends delivery. Idempotent. */
    void cancel();

    /** True when the chunks are fragments of one value (text deltas) rather than separate items. */
    boolean fragmented();

    default ChunkStream map(Function<Object, Object> mapper) {
        return new MappedChunkStream(this, mapper, null);
    }

    default ChunkStream filter(Predicate<Object> keep) {
        return new MappedChunkStream(this, null, keep);
    }

    /** Collects every chunk (nulls dropped). */
    default Future<List<Object>> collect() {
        Promise<List<Object>> promise = Promise.promise();
        List<Object> chunks = new ArrayList<>();
        ChunkSubscriber collector = new ChunkSubscriber() {
            @Override
            public void onChunk(Object chunk) {
                if (chunk != null) {
                    chunks.add(chunk);
                }
            }

            @Override
            public void onError(Throwable error) {
                promise.tryFail(error);
            }

            @Override
            public void onEnd() {
                promise.tryComplete(chunks);
            }
        };
        try {
            subscribe(collector);
        } catch (RuntimeException refused) {
            // e.g. a stream read a second time: the reader gets a failed future, never an exception that hangs a run
            promise.tryFail(refused);
        }
        return promise.future();
    }

    /**
     * Drains the stream into one value: fragmented text chunks joined into one string, fragmented byte chunks into
     * one byte array, anything else into a list of chunks.
     */
    default Future<Object> drain() {
        boolean fragmented = fragmented();
        return collect().map(chunks -> {
            if (fragmented && !chunks.isEmpty() && chunks.stream().allMatch(c -> c instanceof String)) {
                StringBuilder text = new StringBuilder();
                chunks.forEach(c -> text.append((String) c));
                return text.toString();
            }
            if (fragmented && !chunks.isEmpty() && chunks.stream().allMatch(c -> c instanceof byte[])) {
                int size = chunks.stream().mapToInt(c -> ((byte[]) c).length).sum();
                byte[] all = new byte[size];
                int at = 0;
                for (Object c : chunks) {
                    byte[] part = (byte[]) c;
                    System.arraycopy(part, 0, all, at, part.length);
                    at += part.length;
                }
                return all;
            }
            if (fragmented && chunks.isEmpty()) {
                return "";
            }
            return chunks;
        });
    }

    /**
     * The value with every stream in it drained (see {@link #drain()}), at any depth of maps and lists, for places
     * that need the whole value: a command line, a request body, a run's final output. Values without streams come
     * back as they are, at once.
     */
    static Future<Object> drainAll(Object value) {
        if (value instanceof ChunkStream stream) {
            return stream.drain();
        }
        if (!StreamSearch.contains(value)) {
            return Future.succeededFuture(value);
        }
        if (value instanceof java.util.Map<?, ?> map) {
            List<Object> keys = new ArrayList<>(map.keySet());
            List<Future<Object>> parts = new ArrayList<>(map.size());
            map.values().forEach(item -> parts.add(drainAll(item)));
            return Future.all(parts).map(all -> {
                java.util.Map<Object, Object> drained = new java.util.LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    drained.put(keys.get(i), parts.get(i).result());
                }
                return drained;
            });
        }
        List<Future<Object>> parts = new ArrayList<>();
        ((List<?>) value).forEach(item -> parts.add(drainAll(item)));
        return Future.all(parts).map(all -> {
            List<Object> drained = new ArrayList<>(parts.size());
            parts.forEach(part -> drained.add(part.result()));
            return drained;
        });
    }

    /** A stream of the given chunks, already complete. */
    static ChunkStream of(boolean fragmented, Object... chunks) {
        ChunkPublisher publisher = new ChunkPublisher(fragmented);
        for (Object chunk : chunks) {
            publisher.emit(chunk);
        }
        publisher.end();
        return publisher;
    }
}
