package dev.modelcompose.components.httpserver;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.spi.ServiceUnavailable;

/**
 * A call to an {@code http-server} component whose server is not running (starting, restarting, exited, failed):
 * fails at once instead of waiting. An HTTP front end answers it with {@link #STATUS}.
 */
public final class ServerNotRunningException extends ComponentCallException implements ServiceUnavailable {
    public static final int STATUS = 503;

    public ServerNotRunningException(String message) {
        super(message);
    }
}
