package dev.modelcompose.engine.spi.vector;

/** A vector-store problem a user can act on; its message is shown as is, without a stack trace. */
public class VectorStoreException extends RuntimeException {
    public VectorStoreException(String message) {
        super(message);
    }

    public VectorStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
