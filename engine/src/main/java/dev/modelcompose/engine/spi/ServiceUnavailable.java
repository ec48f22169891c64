package dev.modelcompose.engine.spi;

/**
 * Marks a call failure that means "not now": the component cannot serve at the moment (a managed server that is
 * starting, restarting or down). The HTTP API answers such a failed run with 503 {@code service_unavailable}
 * instead of 500.
 */
public interface ServiceUnavailable {
}
