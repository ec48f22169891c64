package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;
import io.vertx.core.Future;

import java.util.ArrayDeque;

/**
 * The streaming form of {@code for-each}: reads items from a stream as they come, calls the component for each (at
 * most {@code batchSize} at a time) and emits the results in item order. State is touched on the run's context only.
 */
final class ForEachStream {
    private final ForEachJob job;
    private final JobAttempt attempt;
    private final ChunkStream source;
    private final int batchSize;
    private final ChunkPublisher out = new ChunkPublisher(false);
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private final ArrayDeque<Future<Object>> started = new ArrayDeque<>();
    private int index;
    private boolean sourceEnded;
    private boolean stopped;
    private boolean pumping;
    private boolean again;

    ForEachStream(ForEachJob job, JobAttempt attempt, ChunkStream source, int batchSize) {
        this.job = job;
        this.attempt = attempt;
        this.source = source;
        this.batchSize = batchSize;
    }

    ChunkStream output() {
        out.onCancel(() -> {
            source.cancel();
            attempt.run.execute(() -> stopped = true);
        });
        source.subscribe(new ChunkSubscriber() {
            @Override
            public void onChunk(Object chunk) {
                attempt.run.execute(() -> {
                    waiting.add(chunk);
                    pump();
                });
            }

            @Override
            public void onError(Throwable error) {
                attempt.run.execute(() -> stop(error));
            }

            @Override
            public void onEnd() {
                attempt.run.execute(() -> {
                    sourceEnded = true;
                    pump();
                });
            }
        });
        return out;
    }

    private void stop(Throwable error) {
        if (!stopped) {
            stopped = true;
            out.fail(error);
        }
    }

    private void pump() {
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        try {
            do {
                again = false;
                while (!stopped && started.size() < batchSize && !waiting.isEmpty()) {
                    Future<Object> call = job.one(attempt, waiting.poll(), index++);
                    started.add(call);
                    attempt.await(call, result -> pump());
                }
                while (!stopped && !started.isEmpty() && started.peek().isComplete()) {
                    Future<Object> call = started.poll();
                    again = true;   // a slot is free: start the next waiting item
                    if (call.failed()) {
                        source.cancel();
                        stop(call.cause());
                    } else {
                        out.emit(call.result());
                    }
                }
                if (!stopped && sourceEnded && waiting.isEmpty() && started.isEmpty()) {
                    stopped = true;
                    out.end();
                }
            } while (again);
        } finally {
            pumping = false;
        }
    }
}
