package dev.modelcompose.engine.controller;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code controller.max_concurrent_count}: at most {@code limit} runs at once (0: no limit); later ones wait in
 * order, without holding a thread. A started run calls {@link #release()} when it ends.
 */
final class RunQueue {
    private final int limit;
    private final AtomicInteger active = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    RunQueue(int limit) {
        this.limit = limit;
    }

    void submit(Runnable start) {
        if (limit <= 0) {
            active.incrementAndGet();
            start.run();
            return;
        }
        waiting.add(start);
        drain();
    }

    void release() {
        active.decrementAndGet();
        if (limit > 0) {
            drain();
        }
    }

    int active() {
        return active.get();
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int now = active.get();
            if (now >= limit) {
                return;
            }
            if (!active.compareAndSet(now, now + 1)) {
                continue;
            }
            Runnable next = waiting.poll();
            if (next == null) {
                active.decrementAndGet();
                continue;
            }
            next.run();
        }
    }
}
