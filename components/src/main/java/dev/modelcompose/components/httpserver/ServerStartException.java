package dev.modelcompose.components.httpserver;

import dev.modelcompose.components.ComponentCallException;

/** A managed server that could not be installed or started, or was not ready in time; the message has its log tail. */
public final class ServerStartException extends ComponentCallException {
    public ServerStartException(String message) {
        super(message);
    }
}
