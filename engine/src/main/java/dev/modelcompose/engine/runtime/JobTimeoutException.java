package dev.modelcompose.engine.runtime;

/** A job attempt that ran past its {@code timeout}; the message is "job 'x' timed out after 2s". */
public final class JobTimeoutException extends RuntimeException {
    public JobTimeoutException(String message) {
        super(message, null, false, false);
    }
}
