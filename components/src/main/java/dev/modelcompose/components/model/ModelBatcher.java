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
 * Adaptive dynamic batching of the texts of concurrent calls with the same settings ({@code K}: pooling, normalize,
 * max_input_length ...). Each caller gets its own results, in its order; a failed batch fails every caller in it.
 * <ul>
 *   <li>While no batch of this batcher is in flight (the model is idle), a call runs at once: nothing waits for
 *       company that is not coming.</li>
 *   <li>Otherwise texts gather per settings; a batch is <em>due</em> when it holds {@code limit} texts or
 *       {@code maxDelay} has passed since its first text. A due batch runs as soon as fewer than {@code slots}
 *       batches are in flight ({@code slots} = the worker pool's size, so a batch never queues behind the pool);
 *       while all slots are busy it keeps taking texts, up to {@code limit}.</li>
 *   <li>When a batch finishes, the oldest due batch runs next, else the oldest one still gathering.</li>
 * </ul>
 * A call's list longer than the limit is split over several batches. With batching off ({@code batch_size: 1} or
 * {@code max_batch_delay: 0}) each call runs at once, in pieces of at most {@code limit} texts, queueing on the pool.
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
        boolean due;

        Batch(BatchKey<K> key) {
            this.key = key;
        }

        boolean full() {
            return texts.size() >= key.limit();
        }
    }

    private final ModelInstance model;
    private final BatchCall<K, O> call;
    private final boolean enabled;
    private final Duration maxDelay;
    private final int slots;
    /** Batches waiting to run, oldest first (gathering or due). */
    private final List<Batch> waiting = new ArrayList<>();
    /** The batch of each settings key that still takes texts (not full, not running). */
    private final Map<BatchKey<K>, Batch> open = new HashMap<>();
    private int inFlight;
    private Vertx vertx;

    /**
     * @param slots the most batches in flight at once (the worker pool's size, at least 1)
     */
    ModelBatcher(ModelInstance model, BatchCall<K, O> call, boolean enabled, Duration maxDelay, int slots) {
        this.model = model;
        this.call = call;
        this.enabled = enabled;
        this.maxDelay = maxDelay;
        this.slots = Math.max(1, slots);
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
        if (!enabled) {
            for (int from = 0; from < texts.size(); from += limit) {
                Batch batch = new Batch(batchKey);
                add(batch, caller, texts, from, Math.min(limit, texts.size() - from));
                run(batch);
            }
            return caller.promise.future();
        }
        List<Batch> ready = new ArrayList<>();
        synchronized (this) {
            this.vertx = vertx;
            int next = 0;
            while (next < texts.size()) {
                Batch batch = open.get(batchKey);
                boolean fresh = batch == null;
                if (fresh) {
                    batch = new Batch(batchKey);
                }
                int take = Math.min(limit - batch.texts.size(), texts.size() - next);
                add(batch, caller, texts, next, take);
                next += take;
                if (fresh && inFlight == 0 && waiting.isEmpty()) {
                    // the model is idle: run now, with whatever this call brings
                    start(batch, ready);
                    continue;
                }
                if (fresh) {
                    waiting.add(batch);
                }
                if (batch.full()) {
                    open.remove(batchKey);
                    batch.due = true;
                    cancelTimer(batch);
                } else if (fresh) {
                    open.put(batchKey, batch);
                    Batch gathering = batch;
                    batch.timer = vertx.setTimer(Math.max(1, maxDelay.toMillis()), id -> becomeDue(gathering));
                }
            }
            startDue(ready);
        }
        ready.forEach(this::run);
        return caller.promise.future();
    }

    private void add(Batch batch, Caller<O> caller, List<String> texts, int from, int count) {
        batch.slices.add(new Slice<>(caller, from, batch.texts.size(), count));
        batch.texts.addAll(texts.subList(from, from + count));
    }

    /** The timer of a gathering batch: it is due now; it runs if a slot is free, else keeps gathering. */
    private void becomeDue(Batch batch) {
        List<Batch> ready = new ArrayList<>();
        synchronized (this) {
            batch.timer = -1;
            if (!waiting.contains(batch)) {
                return;
            }
            batch.due = true;
            startDue(ready);
        }
        ready.forEach(this::run);
    }

    /** A batch finished: the oldest due batch goes next, else the oldest gathering one. */
    private void finished() {
        List<Batch> ready = new ArrayList<>();
        synchronized (this) {
            inFlight--;
            startDue(ready);
            if (ready.isEmpty() && inFlight < slots && !waiting.isEmpty()) {
                start(waiting.get(0), ready);
            }
        }
        ready.forEach(this::run);
    }

    /** Starts due batches, oldest first, while a slot is free. Holds the lock. */
    private void startDue(List<Batch> ready) {
        for (int i = 0; i < waiting.size() && inFlight < slots; ) {
            Batch batch = waiting.get(i);
            if (batch.due) {
                start(batch, ready);
            } else {
                i++;
            }
        }
    }

    /** Takes a batch out of gathering and counts it in flight; the caller runs it after leaving the lock. */
    private void start(Batch batch, List<Batch> ready) {
        waiting.remove(batch);
        if (open.get(batch.key) == batch) {
            open.remove(batch.key);
        }
        cancelTimer(batch);
        inFlight++;
        ready.add(batch);
    }

    private void cancelTimer(Batch batch) {
        if (batch.timer >= 0) {
            vertx.cancelTimer(batch.timer);
            batch.timer = -1;
        }
    }

    private void run(Batch batch) {
        List<String> texts = List.copyOf(batch.texts);
        K key = batch.key.key();
        model.run(loaded -> runInPieces(loaded, key, texts)).onComplete(done -> {
            if (enabled) {
                finished();
            }
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
