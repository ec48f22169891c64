package dev.modelcompose.components.http;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.RuntimeServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A {@code type: http-client} component: one Vert.x HTTP client (created at start, or on the first call) shared by
 * every call, an optional rate limit, and its compiled actions.
 */
final class HttpClientComponent implements Component {
    static final int MAX_CONNECTIONS_PER_HOST = 64;

    private final ComponentSpec spec;
    private final Template baseUrl;
    private final Template headers;
    private final RateLimiter rateLimiter;
    private final Map<String, HttpAction> actions;
    private HttpClient client;

    HttpClientComponent(ComponentSpec spec, Template baseUrl, Template headers, RateLimiter rateLimiter,
                        Map<String, HttpAction> actions) {
        this.spec = spec;
        this.baseUrl = baseUrl;
        this.headers = headers;
        this.rateLimiter = rateLimiter;
        this.actions = actions;
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public Set<String> resultSources() {
        return Set.of(Sources.RESPONSE, Sources.chunkOf(Sources.RESPONSE), Sources.RESULT,
                Sources.chunkOf(Sources.RESULT));
    }

    @Override
    public Future<Void> start(RuntimeServices services) {
        client(services.vertx());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        HttpClient open;
        synchronized (this) {
            open = client;
            client = null;
        }
        return open == null ? Future.succeededFuture() : open.close();
    }

    private synchronized HttpClient client(Vertx vertx) {
        if (client == null) {
            client = vertx.createHttpClient(new HttpClientOptions().setDecompressionSupported(true),
                    new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_HOST));
        }
        return client;
    }

    @Override
    public Future<Object> call(ActionSpec actionSpec, Object input, CallContext context) {
        HttpAction action = actions.get(actionSpec.id());
        if (action == null) {
            return Future.failedFuture(new ComponentCallException("component '" + spec.id() + "' has no action '"
                    + actionSpec.id() + "'"));
        }
        Scope scope = CallScope.of(input, context);
        Future<HttpRequestPlan> plan;
        HttpExchange.Handling handling;
        try {
            plan = action.request().render(scope, baseUrl, headers, action.timeout().resolve(scope));
            handling = new HttpExchange.Handling(action.streamFormat(),
                    ConfigFields.truth(action.fragmented().render(scope), "stream_fragmented"), true);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        HttpClient http = client(context.vertx());
        return plan.compose(ready -> {
            Future<Void> slot = rateLimiter == null ? Future.succeededFuture() : rateLimiter.acquire(context.vertx());
            return slot.map(ready);
        }).compose(ready -> {
            if (context.cancellation().isCancelled()) {
                return Future.failedFuture(new CancellationException(context.cancellation().reason()));
            }
            return new HttpExchange(http, ready, handling, context).send();
        }).compose(reply -> {
            if (action.completion() == null) {
                return Future.succeededFuture(output(action, scope, reply.body(), reply.body()));
            }
            return new PollingRun(http, action, baseUrl, headers, scope.with(Sources.RESPONSE, reply.body()), context)
                    .start().map(result -> output(action, scope, reply.body(), result));
        });
    }

    private static Object output(HttpAction action, Scope scope, Object response, Object result) {
        Map<String, Object> sources = new HashMap<>();
        sources.put(Sources.RESPONSE, response);
        sources.put(Sources.RESULT, result);
        return action.output().apply(result, scope.with(sources));
    }
}
