package dev.modelcompose.cli;

import dev.modelcompose.engine.value.ChunkSubscriber;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the chunks of a stream from the event loop to the thread that prints them, so that writing to stdout never
 * blocks an event loop.
 */
final class ChunkQueue implements ChunkSubscriber {
    /** Returned by {@link #poll} when the stream has ended. */
    static final Object END = new Object();

    private record Failure(Throwable error) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void onChunk(Object chunk) {
        if (chunk != null) {
            queue.add(chunk);
        }
    }

    @Override
    public void onError(Throwable error) {
        queue.add(new Failure(error));
    }

    @Override
    public void onEnd() {
        queue.add(END);
    }

    /**
     * The next chunk, {@link #END}, or null when nothing came within {@code millis}.
     *
     * @throws StreamFailedException when the stream failed
     */
    Object poll(long millis) throws InterruptedException, StreamFailedException {
        Object next = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (next instanceof Failure failure) {
            throw new StreamFailedException(failure.error());
        }
        return next;
    }

    /** The stream failed after it started. */
    static final class StreamFailedException extends Exception {
        StreamFailedException(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
