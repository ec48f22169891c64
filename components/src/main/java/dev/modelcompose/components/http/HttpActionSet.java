package dev.modelcompose.components.http;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.components.DurationSetting;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The HTTP calling machinery shared by {@code http-client} and {@code http-server}: the compiled actions of one
 * component, one Vert.x HTTP client (opened at start or on the first call) shared by every call, the component's
 * base URL and headers, and an optional rate limit. Requests, streams (SSE, JSON lines), timeouts, polling
 * completions and error messages are the same for both types.
 */
public final class HttpActionSet {
    static final int MAX_CONNECTIONS_PER_HOST = 64;
    /** What the action templates may read after a call. */
    public static final Set<String> RESULT_SOURCES = Set.of(Sources.RESPONSE, Sources.chunkOf(Sources.RESPONSE),
            Sources.RESULT, Sources.chunkOf(Sources.RESULT));

    private final String componentId;
    private final Template baseUrl;
    private final Template headers;
    private final RateLimiter rateLimiter;
    private final Map<String, HttpAction> actions;
    private HttpClient client;

    private HttpActionSet(String componentId, Template baseUrl, Template headers, RateLimiter rateLimiter,
                          Map<String, HttpAction> actions) {
        this.componentId = componentId;
        this.baseUrl = baseUrl;
        this.headers = headers;
        this.rateLimiter = rateLimiter;
        this.actions = actions;
    }

    /**
     * Compiles the actions of {@code spec} (their fields are checked here, at load).
     *
     * @param baseUrl     the component's base URL, null when actions must give {@code endpoint}
     * @param headers     the component's headers (a mapping or a binding), or null
     * @param timeout     the component's request timeout, the default for its actions
     */
    public static HttpActionSet compile(ComponentSpec spec, Template baseUrl, Template headers,
                                        DurationSetting timeout) {
        return compile(spec, baseUrl, headers, timeout, null);
    }

    /** As {@link #compile(ComponentSpec, Template, Template, DurationSetting)}, with a rate limit (null: none). */
    static HttpActionSet compile(ComponentSpec spec, Template baseUrl, Template headers, DurationSetting timeout,
                                 RateLimiter rateLimiter) {
        Map<String, HttpAction> actions = new LinkedHashMap<>();
        for (ActionSpec action : spec.actions()) {
            actions.put(action.id(), HttpAction.compile(action, baseUrl != null, timeout));
        }
        return new HttpActionSet(spec.id(), baseUrl, headers, rateLimiter, actions);
    }

    /** The component's {@code headers}: a mapping or one binding; null when absent. */
    public static Template headers(ConfigMap component) {
        return RequestTemplate.mappingOrBinding(component, "headers", CallScope.REQUEST);
    }

    /** Opens the shared HTTP client now rather than on the first call. */
    public void open(Vertx vertx) {
        client(vertx);
    }

    /** Closes the shared HTTP client; a later call opens a new one. */
    public Future<Void> close() {
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

    /** Runs one action: renders the request, sends it, and applies the action's {@code output}. */
    public Future<Object> call(ActionSpec actionSpec, Object input, CallContext context) {
        HttpAction action = actions.get(actionSpec.id());
        if (action == null) {
            return Future.failedFuture(new ComponentCallException("component '" + componentId + "' has no action '"
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
