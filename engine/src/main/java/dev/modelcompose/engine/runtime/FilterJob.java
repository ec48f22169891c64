package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Condition;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: filter}: keeps the items of its input for which {@code where} holds ({@code ${item}},
 * {@code ${index}}). A list gives a list; a stream, or a list with {@code streaming: true}, gives a lazy stream; a
 * single value gives itself when kept and null when not (model-compose raises an IndexError there; a null is easier
 * to handle downstream, e.g. with a {@code |} default); a null input gives null.
 */
final class FilterJob implements JobExecutor {
    private final Template input;
    private final Condition where;
    private final boolean streaming;

    FilterJob(Template input, Condition where, boolean streaming) {
        this.input = input;
        this.where = where;
        this.streaming = streaming;
    }

    @Override
    public Future<Object> execute(JobAttempt attempt) {
        Object value = input == null ? attempt.workflowInput() : input.render(attempt.scope());
        if (value instanceof ChunkStream stream) {
            return Future.succeededFuture(lazily(stream, attempt));
        }
        if (value instanceof List<?> items) {
            if (streaming) {
                return Future.succeededFuture(lazily(ChunkStream.of(false, items.toArray()), attempt));
            }
            return Future.succeededFuture(keep(items, attempt));
        }
        if (value == null) {
            return Future.succeededFuture(null);
        }
        boolean kept = where == null || where.test(new ItemScope(attempt.scope()).at(value, 0));
        return Future.succeededFuture(kept ? value : null);
    }

    private List<Object> keep(List<?> items, JobAttempt attempt) {
        List<Object> kept = new ArrayList<>(items.size());
        if (where == null) {
            kept.addAll(items);
            return kept;
        }
        ItemScope scope = new ItemScope(attempt.scope());
        int index = 0;
        for (Object item : items) {
            if (where.test(scope.at(item, index++))) {
                kept.add(item);
            }
        }
        return kept;
    }

    private ChunkStream lazily(ChunkStream stream, JobAttempt attempt) {
        if (where == null) {
            return stream;
        }
        ItemScope scope = new ItemScope(attempt.scope());
        int[] index = {0};
        // chunks arrive one at a time (ChunkSubscriber contract), so one scope serves them all
        return stream.filter(chunk -> where.test(scope.at(chunk, index[0]++)));
    }
}
