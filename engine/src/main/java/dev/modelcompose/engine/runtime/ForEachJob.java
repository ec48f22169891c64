package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code type: for-each}: calls a component once per item, at most {@code batch_size} calls at a time, and keeps the
 * order. {@code do.input} absent: the item is the input; {@code do.output} is rendered per item over
 * {@code ${output}} and {@code ${item}}. A list gives a list; a single value (a map, a string) gives the single result
 * unwrapped; a stream, or a list with {@code streaming: true}, gives a stream of results.
 */
final class ForEachJob implements JobExecutor {
    private final Template input;
    private final int batchSize;
    private final boolean streaming;
    private final Component component;
    private final ActionSpec action;
    private final Template doInput;
    private final Template doOutput;
    private final String nullInputMessage;

    ForEachJob(String jobId, Template input, int batchSize, boolean streaming, Component component, ActionSpec action,
               Template doInput, Template doOutput) {
        this.input = input;
        this.batchSize = Math.max(1, batchSize);
        this.streaming = streaming;
        this.component = component;
        this.action = action;
        this.doInput = doInput;
        this.doOutput = doOutput;
        this.nullInputMessage = "for-each input is null, expected a list";
    }

    @Override
    public boolean waits() {
        return true;
    }

    @Override
    public Future<Object> execute(JobAttempt attempt) {
        Object value = input == null ? attempt.workflowInput() : input.render(attempt.scope());
        if (value == null) {
            return Future.failedFuture(new IllegalArgumentException(nullInputMessage));
        }
        if (value instanceof ChunkStream stream) {
            return Future.succeededFuture(new ForEachStream(this, attempt, stream, batchSize).output());
        }
        if (value instanceof List<?> items) {
            if (streaming) {
                ChunkStream source = ChunkStream.of(false, items.toArray());
                return Future.succeededFuture(new ForEachStream(this, attempt, source, batchSize).output());
            }
            return all(attempt, items);
        }
        return one(attempt, value, 0);
    }

    /** One item: render {@code do.input}, call, render {@code do.output}; completes on the run's context. */
    Future<Object> one(JobAttempt attempt, Object item, int index) {
        ItemScope scope = new ItemScope(attempt.scope()).at(item, index);
        Object callInput;
        try {
            callInput = doInput == null ? item : doInput.render(scope);
        } catch (RuntimeException error) {
            return Future.failedFuture(error);
        }
        Future<Object> called = ComponentJob.call(component, action, callInput, attempt.newCallContext());
        if (doOutput == null) {
            return called;
        }
        Promise<Object> rendered = Promise.promise();
        attempt.await(called, result -> {
            if (result.failed()) {
                rendered.fail(result.cause());
                return;
            }
            try {
                rendered.complete(doOutput.render(scope.with(Sources.OUTPUT, result.result())));
            } catch (RuntimeException error) {
                rendered.fail(error);
            }
        });
        return rendered.future();
    }

    private Future<Object> all(JobAttempt attempt, List<?> items) {
        if (items.isEmpty()) {
            return Future.succeededFuture(new ArrayList<>());
        }
        return new Window(attempt, items).start();
    }

    /** Runs the items with at most {@code batchSize} in flight, starting the next as one finishes. */
    private final class Window {
        private final JobAttempt attempt;
        private final List<?> items;
        private final Object[] results;
        private final Promise<Object> done = Promise.promise();
        private int next;
        private int inFlight;
        private int finished;
        private boolean failed;
        private boolean launching;

        Window(JobAttempt attempt, List<?> items) {
            this.attempt = attempt;
            this.items = items;
            this.results = new Object[items.size()];
        }

        Future<Object> start() {
            launch();
            return done.future();
        }

        private void launch() {
            if (launching) {
                return;
            }
            launching = true;
            try {
                while (!failed && inFlight < batchSize && next < items.size()) {
                    int index = next++;
                    inFlight++;
                    attempt.await(one(attempt, items.get(index), index), result -> finish(index, result));
                }
            } finally {
                launching = false;
            }
        }

        private void finish(int index, io.vertx.core.AsyncResult<Object> result) {
            inFlight--;
            if (failed) {
                return;
            }
            if (result.failed()) {
                failed = true;
                done.fail(result.cause());
                return;
            }
            results[index] = result.result();
            if (++finished == results.length) {
                done.complete(new ArrayList<>(Arrays.asList(results)));
            } else {
                launch();
            }
        }
    }
}
