package dev.modelcompose.engine.load;

/** Stub: reads, interpolates, normalises, merges and includes compose files. */
public final class DocumentReader {
    private DocumentReader() {
    }

    public static ReadDocument read(LoadOptions options) {
        throw new UnsupportedOperationException("document reader not implemented yet");
    }
}
