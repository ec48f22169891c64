package dev.modelcompose.engine.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * A cancellation signal that fans out to children: cancelling a run cancels its jobs, cancelling a job cancels its
 * calls. Handlers run once, on the thread that cancels.
 */
public final class Cancellation {
    private final List<Runnable> handlers = new ArrayList<>();
    private String reason;

    /** A token cancelled when this one is (or on its own). */
    public Cancellation child() {
        Cancellation child = new Cancellation();
        onCancel(() -> child.cancel(reason()));
        return child;
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled ("cancelled", "job 'x' timed out after 2s"); null while not cancelled. */
    public synchronized String reason() {
        return reason;
    }

    public void cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null ? "cancelled" : why;
            toRun = new ArrayList<>(handlers);
            handlers.clear();
        }
        for (Runnable handler : toRun) {
            try {
                handler.run();
            } catch (RuntimeException ignored) {
                // a failing handler must not stop the others
            }
        }
    }

    /** Runs {@code handler} on cancellation, at once if already cancelled. */
    public void onCancel(Runnable handler) {
        synchronized (this) {
            if (reason == null) {
                handlers.add(handler);
                return;
            }
        }
        handler.run();
    }
}
