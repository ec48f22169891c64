package dev.modelcompose.components.model;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.spi.model.LoadedModel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic batching: texts of concurrent calls with the same settings ({@code K}: pooling, normalize,
 * max_input_length ...) are gathered until {@code limit} texts are waiting or {@code maxDelay} has passed since the
 * first, then run as one model call; each caller gets its own results, in its order. A call's list longer than the
 * limit is split over several batches. With batching off ({@code batch_size: 1} or {@code max_batch_delay: 0}) each
 * call runs at once, in pieces of at most {@code limit} texts.
 *
 * @param <K> the settings that must agree for texts to share a batch (a record, compared with equals)
 * @param <O> one text's result
 */
final class ModelBatcher<K, O> {

    /** Runs one batch on a worker thread: one result per text, in order. */
    @FunctionalInterface
    interface BatchCall<K, O> {
        List<O> run(LoadedModel model, K key, List<String> texts);
    }

    private record BatchKey<K>(K key, int limit) {
    }

    /** One call waiting for its results. */
    private static final class Caller<O> {
        final Object[] results;
        final Promise<List<O>> promise = Promise.promise();
        final Context home;
        int remaining;

        Caller(int size, Context home) {
            this.results = new Object[size];
            this.remaining = size;
            this.home = home;
        }
    }

    /** Texts of one caller inside a batch: {@code count} texts from {@code from} in the caller, at {@code at}. */
    private record Slice<O>(Caller<O> caller, int from, int at, int count) {
    }

    private final class Batch {
        final BatchKey<K> key;
        final List<String> texts = new ArrayList<>();
        final List<Slice<O>> slices = new ArrayList<>();
        long timer = -1;

        Batch(BatchKey<K> key) {
            this.key = key;
        }
    }

    private final ModelInstance model;
    private final BatchCall<K, O> call;
    private final boolean enabled;
    private final Duration maxDelay;
    private final Map<BatchKey<K>, Batch> pending = new HashMap<>();

    ModelBatcher(ModelInstance model, BatchCall<K, O> call, boolean enabled, Duration maxDelay) {
        this.model = model;
        this.call = call;
        this.enabled = enabled;
        this.maxDelay = maxDelay;
    }

    /**
     * Submits the texts of one call; the future completes with one result per text, in order, on the caller's
     * context.
     *
     * @param limit the batch size for these settings (at least 1)
     */
    Future<List<O>> submit(Vertx vertx, K key, int limit, List<String> texts) {
        if (texts.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Caller<O> caller = new Caller<>(texts.size(), vertx.getOrCreateContext());
        BatchKey<K> batchKey = new BatchKey<>(key, limit);
        List<Batch> ready = new ArrayList<>();
        synchronized (this) {
            int next = 0;
            while (next < texts.size()) {
                Batch batch = enabled ? pending.get(batchKey) : null;
                if (batch == null) {
                    batch = new Batch(batchKey);
                    if (enabled) {
                        pending.put(batchKey, batch);
                        Batch started = batch;
                        batch.timer = vertx.setTimer(Math.max(1, maxDelay.toMillis()), id -> flushLate(started));
                    }
                }
                int take = Math.min(limit - batch.texts.size(), texts.size() - next);
                batch.slices.add(new Slice<>(caller, next, batch.texts.size(), take));
                batch.texts.addAll(texts.subList(next, next + take));
                next += take;
                if (!enabled || batch.texts.size() >= limit) {
                    if (enabled) {
                        pending.remove(batchKey);
                        vertx.cancelTimer(batch.timer);
                    }
                    ready.add(batch);
                }
            }
        }
        ready.forEach(this::run);
        return caller.promise.future();
    }

    private void flushLate(Batch batch) {
        synchronized (this) {
            if (pending.get(batch.key) != batch) {
                return;
            }
            pending.remove(batch.key);
        }
        run(batch);
    }

    private void run(Batch batch) {
        List<String> texts = List.copyOf(batch.texts);
        K key = batch.key.key();
        model.run(loaded -> runInPieces(loaded, key, texts)).onComplete(done -> {
            for (Slice<O> slice : batch.slices) {
                if (done.failed()) {
                    fail(slice.caller(), done.cause());
                } else {
                    deliver(slice, done.result());
                }
            }
        });
    }

    /** One model call per {@link LoadedModel#maxBatchSize()} texts when the model caps its batches. */
    private List<O> runInPieces(LoadedModel loaded, K key, List<String> texts) {
        int cap = loaded.maxBatchSize() > 0 ? loaded.maxBatchSize() : texts.size();
        List<O> results = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += cap) {
            List<String> piece = texts.subList(from, Math.min(texts.size(), from + cap));
            List<O> out = call.run(loaded, key, piece);
            if (out == null || out.size() != piece.size()) {
                throw new ComponentCallException("the model driver returned " + (out == null ? 0 : out.size())
                        + " results for " + piece.size() + " texts");
            }
            results.addAll(out);
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private void deliver(Slice<O> slice, List<O> results) {
        Caller<O> caller = slice.caller();
        boolean complete;
        synchronized (caller) {
            for (int i = 0; i < slice.count(); i++) {
                caller.results[slice.from() + i] = results.get(slice.at() + i);
            }
            caller.remaining -= slice.count();
            complete = caller.remaining == 0;
        }
        if (complete) {
            List<O> all = (List<O>) Arrays.asList(caller.results.clone());
            caller.home.runOnContext(v -> caller.promise.tryComplete(all));
        }
    }

    private void fail(Caller<O> caller, Throwable error) {
        caller.home.runOnContext(v -> caller.promise.tryFail(error));
    }
}
