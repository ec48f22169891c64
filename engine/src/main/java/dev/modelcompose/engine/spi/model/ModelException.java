package dev.modelcompose.engine.spi.model;

/** A model problem a user can act on; its message is shown as is, without a stack trace. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The model or driver does not do {@code task}. */
    public static ModelException unsupported(String task) {
        return new ModelException("this model does not support " + task);
    }
}
