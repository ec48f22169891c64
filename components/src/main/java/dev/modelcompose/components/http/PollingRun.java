package dev.modelcompose.components.http;

import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.spi.CallContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;

import java.util.concurrent.CancellationException;

/** One polling loop of a {@link PollingCompletion}; completes with the last poll's response body. */
final class PollingRun {
    private final HttpClient client;
    private final HttpAction action;
    private final PollingCompletion completion;
    private final Template baseUrl;
    private final Template headers;
    private final Scope scope;
    private final CallContext context;
    private final Promise<Object> result = Promise.promise();
    private final long deadline;
    private Object lastStatus;
    private long timer = -1;

    PollingRun(HttpClient client, HttpAction action, Template baseUrl, Template headers, Scope scope,
               CallContext context) {
        this.client = client;
        this.action = action;
        this.completion = action.completion();
        this.baseUrl = baseUrl;
        this.headers = headers;
        this.scope = scope;
        this.context = context;
        this.deadline = System.nanoTime() + completion.timeout().toNanos();
    }

    Future<Object> start() {
        context.cancellation().onCancel(() -> {
            if (result.tryFail(new CancellationException(context.cancellation().reason()))) {
                cancelTimer();
            }
        });
        schedule();
        return result.future();
    }

    private synchronized void schedule() {
        if (!result.future().isComplete()) {
            timer = context.vertx().setTimer(completion.interval().toMillis(), id -> poll());
        }
    }

    private synchronized void cancelTimer() {
        if (timer >= 0) {
            context.vertx().cancelTimer(timer);
        }
    }

    private void poll() {
        Future<HttpRequestPlan> rendered;
        try {
            rendered = completion.request().render(scope, baseUrl, headers, action.timeout().resolve(scope));
        } catch (RuntimeException e) {
            result.tryFail(e);
            return;
        }
        HttpExchange.Handling handling = new HttpExchange.Handling(null, true, completion.status() != null);
        rendered.compose(plan -> new HttpExchange(client, plan, handling, context).send().map(reply -> {
            evaluate(plan, reply);
            return reply;
        })).onFailure(result::tryFail);
    }

    private void evaluate(HttpRequestPlan plan, HttpReply reply) {
        Object status = completion.status() == null ? reply.status()
                : completion.status().render(scope.with(Sources.RESULT, reply.body()));
        lastStatus = status;
        if (PollingCompletion.matches(status, completion.failWhen())) {
            result.tryFail(new ComponentCallException("polling " + plan.describe() + " failed: status is '"
                    + ValueText.of(status) + "'"));
        } else if (PollingCompletion.matches(status, completion.successWhen())) {
            result.tryComplete(reply.body());
        } else if (System.nanoTime() + completion.interval().toNanos() > deadline) {
            result.tryFail(new ComponentCallException("polling " + plan.describe() + " timed out after "
                    + Durations.format(completion.timeout()) + " (last status '" + ValueText.of(lastStatus) + "')"));
        } else {
            schedule();
        }
    }
}
