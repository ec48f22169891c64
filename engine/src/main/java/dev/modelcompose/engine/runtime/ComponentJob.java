package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: component}: renders {@code input} (absent: the whole workflow input) and calls the action;
 * {@code repeat_count} N runs N calls concurrently and gives their outputs as a list, in order.
 */
final class ComponentJob implements JobExecutor {
    private final String jobId;
    private final Component component;
    private final ActionSpec action;
    private final Template input;
    private final Template repeatCount;

    ComponentJob(String jobId, Component component, ActionSpec action, Template input, Template repeatCount) {
        this.jobId = jobId;
        this.component = component;
        this.action = action;
        this.input = input;
        this.repeatCount = repeatCount;
    }

    @Override
    public boolean waits() {
        return true;
    }

    @Override
    public Future<Object> execute(JobAttempt attempt) {
        Object value = input == null ? attempt.workflowInput() : input.render(attempt.scope());
        int times = repeatCount == null ? 1 : times(repeatCount.render(attempt.scope()));
        if (times == 1) {
            return call(component, action, value, attempt.newCallContext());
        }
        List<Future<Object>> calls = new ArrayList<>(times);
        for (int i = 0; i < times; i++) {
            calls.add(call(component, action, value, attempt.newCallContext()));
        }
        return Future.all(calls).map(all -> {
            List<Object> outputs = new ArrayList<>(times);
            for (Future<Object> call : calls) {
                outputs.add(call.result());
            }
            return outputs;
        });
    }

    private int times(Object value) {
        long count;
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            count = number.longValue();
        } else if (value instanceof String text && text.trim().matches("[+-]?\\d{1,9}")) {
            count = Long.parseLong(text.trim());
        } else {
            throw new IllegalArgumentException("repeat_count must be an integer >= 1, got "
                    + describe(value));
        }
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("repeat_count must be an integer >= 1, got "
                    + count);
        }
        return (int) count;
    }

    private static String describe(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }

    /** Calls a component, turning a thrown exception or a missing future into a failed future. */
    static Future<Object> call(Component component, ActionSpec action, Object input, CallContext context) {
        try {
            Future<Object> result = component.call(action, input, context);
            if (result == null) {
                return Future.failedFuture(new IllegalStateException(
                        "component '" + component.spec().id() + "' returned no result"));
            }
            return result;
        } catch (RuntimeException error) {
            return Future.failedFuture(error);
        }
    }
}
