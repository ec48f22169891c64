package dev.modelcompose.engine.value;

/** The one consumer of a {@link ChunkStream}. Calls arrive one at a time, never concurrently. */
public interface ChunkSubscriber {
    void onChunk(Object chunk);

    void onError(Throwable error);

    void onEnd();
}
