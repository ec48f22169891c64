package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Operator;
import dev.modelcompose.engine.binding.Template;
import io.vertx.core.Future;

/**
 * {@code type: if}: conditions in order. A match with {@code if_true} routes there; a mismatch with
 * {@code if_false} routes there at once (later conditions are not tried); otherwise the next condition is tried.
 * Falling through routes to {@code otherwise}, or nowhere.
 */
final class IfJob implements JobExecutor {
    private final Template input;
    private final Check[] checks;
    private final Route otherwise;

    /** One condition, its routes resolved. {@code input} null: the job's input. */
    record Check(Template input, Operator operator, Template value, Route ifTrue, Route ifFalse) {
    }

    IfJob(Template input, Check[] checks, Route otherwise) {
        this.input = input;
        this.checks = checks;
        this.otherwise = otherwise;
    }

    @Override
    public Future<Object> execute(JobAttempt attempt) {
        Object jobInput = null;
        boolean rendered = false;
        for (Check check : checks) {
            Object left;
            if (check.input() != null) {
                left = check.input().render(attempt.scope());
            } else {
                if (!rendered) {
                    jobInput = input == null ? attempt.workflowInput() : input.render(attempt.scope());
                    rendered = true;
                }
                left = jobInput;
            }
            Object right = check.value() == null ? null : check.value().render(attempt.scope());
            Operator operator = check.operator() == null ? Operator.EQ : check.operator();
            if (operator.test(left, right)) {
                if (check.ifTrue() != null) {
                    return Future.succeededFuture(check.ifTrue());
                }
            } else if (check.ifFalse() != null) {
                return Future.succeededFuture(check.ifFalse());
            }
        }
        return Future.succeededFuture(otherwise);
    }
}
