package dev.modelcompose.drivers.llamacpp;

import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.ModelException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits as many calls as the model has slots ({@code options.parallel}); up to {@code options.queue_size} more wait
 * in arrival order, and beyond that a call fails at once.
 */
final class SlotGate {
    private final String componentId;
    private final int slots;
    private final int queueSize;
    private final Semaphore free;
    private final AtomicInteger waiting = new AtomicInteger();

    SlotGate(String componentId, int slots, int queueSize) {
        this.componentId = componentId;
        this.slots = slots;
        this.queueSize = queueSize;
        this.free = new Semaphore(slots, true);
    }

    /**
     * Takes a slot, waiting in the queue if all are taken.
     *
     * @return false when {@code cancellation} fired while waiting (no slot taken)
     * @throws ModelException when the queue is full
     */
    boolean acquire(Cancellation cancellation) {
        try {
            if (free.tryAcquire(0, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (waiting.incrementAndGet() > queueSize) {
                waiting.decrementAndGet();
                throw new ModelException("model '" + componentId + "' is busy: its " + slots
                        + " slot(s) (options.parallel) are taken and " + queueSize
                        + " call(s) are already waiting (options.queue_size); try again later");
            }
            try {
                while (cancellation == null || !cancellation.isCancelled()) {
                    if (free.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
                return false;
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        free.release();
    }

    /** Takes every slot (waits for the running calls to end), giving up after {@code millis}. */
    boolean drain(long millis) {
        try {
            return free.tryAcquire(slots, millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
