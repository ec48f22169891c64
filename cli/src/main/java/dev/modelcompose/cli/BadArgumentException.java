package dev.modelcompose.cli;

/**
 * A command-line value the CLI refuses (an {@code --input} that is not JSON, a missing {@code @file}). Printed as one
 * {@code error: ...} line; the command exits with 2.
 */
public final class BadArgumentException extends RuntimeException {
    public BadArgumentException(String message) {
        super(message, null, false, false);
    }
}
