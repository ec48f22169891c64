package dev.modelcompose.components;

/** A component call that failed for a reason a user can read (spawn failure, timeout, HTTP status). */
public class ComponentCallException extends RuntimeException {
    public ComponentCallException(String message) {
        super(message);
    }

    public ComponentCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
