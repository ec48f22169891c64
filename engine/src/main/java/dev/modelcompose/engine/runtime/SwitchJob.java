package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Operator;
import dev.modelcompose.engine.binding.Template;
import io.vertx.core.Future;

/**
 * {@code type: switch}: routes to the {@code then} of the first case whose value equals the input (absent input: the
 * whole workflow input), else to {@code otherwise}, or nowhere.
 */
final class SwitchJob implements JobExecutor {
    private final Template input;
    private final Template[] values;
    private final Route[] thens;
    private final Route otherwise;

    SwitchJob(Template input, Template[] values, Route[] thens, Route otherwise) {
        this.input = input;
        this.values = values;
        this.thens = thens;
        this.otherwise = otherwise;
    }

    @Override
    public Future<Object> execute(JobAttempt attempt) {
        Object value = input == null ? attempt.workflowInput() : input.render(attempt.scope());
        for (int i = 0; i < values.length; i++) {
            Object expected = values[i] == null ? null : values[i].render(attempt.scope());
            if (Operator.EQ.test(value, expected)) {
                return Future.succeededFuture(thens[i]);
            }
        }
        return Future.succeededFuture(otherwise);
    }
}
