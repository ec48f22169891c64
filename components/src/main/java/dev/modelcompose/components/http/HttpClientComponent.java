package dev.modelcompose.components.http;

import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.RuntimeServices;
import io.vertx.core.Future;

import java.util.Set;

/** A {@code type: http-client} component: its compiled actions ({@link HttpActionSet}) against its base URL. */
final class HttpClientComponent implements Component {
    private final ComponentSpec spec;
    private final HttpActionSet actions;

    HttpClientComponent(ComponentSpec spec, HttpActionSet actions) {
        this.spec = spec;
        this.actions = actions;
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
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        return actions.close();
    }

    @Override
    public Future<Object> call(ActionSpec action, Object input, CallContext context) {
        return actions.call(action, input, context);
    }
}
