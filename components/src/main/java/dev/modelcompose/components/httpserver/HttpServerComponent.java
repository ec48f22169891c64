package dev.modelcompose.components.httpserver;

import dev.modelcompose.components.http.HttpActionSet;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ManagedProcessInfo;
import dev.modelcompose.engine.spi.RuntimeServices;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.Optional;
import java.util.Set;

/**
 * A {@code type: http-server} component: a local server it manages ({@link ManagedServer}; none when the file gives
 * no {@code start} command) and actions sent to {@code http://127.0.0.1:{port}{base_path}} by the shared
 * {@link HttpActionSet}. Calls while the server is not running fail at once with {@link ServerNotRunningException}.
 */
final class HttpServerComponent implements Component {
    private final ComponentSpec spec;
    private final HttpActionSet actions;
    private final ManagedServer server;
    private volatile Context context;

    HttpServerComponent(ComponentSpec spec, HttpActionSet actions, ManagedServer server) {
        this.spec = spec;
        this.actions = actions;
        this.server = server;
    }

    ManagedServer server() {
        return server;
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public Set<String> resultSources() {
        return HttpActionSet.RESULT_SOURCES;
    }

    @Override
    public Future<Void> start(RuntimeServices services) {
        actions.open(services.vertx());
        if (server == null) {
            return Future.succeededFuture();
        }
        context = services.vertx().getOrCreateContext();
        return server.start(context, services.environment(), services.reinstall(),
                services.echoProcessOutput() ? System.err : null);
    }

    @Override
    public Future<Void> stop() {
        Future<Void> stopped = server == null ? Future.succeededFuture() : server.stop(context);
        return stopped.eventually(actions::close);
    }

    @Override
    public Future<Object> call(ActionSpec action, Object input, CallContext callContext) {
        if (server != null) {
            ServerNotRunningException unavailable = server.unavailable();
            if (unavailable != null) {
                return Future.failedFuture(unavailable);
            }
        }
        return actions.call(action, input, callContext);
    }

    @Override
    public Optional<ManagedProcessInfo> processInfo() {
        return server == null ? Optional.empty() : Optional.of(server.info());
    }
}
