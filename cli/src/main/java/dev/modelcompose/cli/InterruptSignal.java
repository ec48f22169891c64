package dev.modelcompose.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * While open, SIGINT (Ctrl-C) and SIGTERM call a handler with the exit code to use (130, 143) instead of killing the
 * JVM at once, so that {@code run} can cancel the workflow and stop its components. A second signal halts at once.
 * Where the JVM does not let us handle signals (e.g. {@code -Xrs}) this does nothing.
 */
final class InterruptSignal implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private InterruptSignal() {
    }

    static InterruptSignal onInterrupt(IntConsumer handler) {
        InterruptSignal installed = new InterruptSignal();
        AtomicBoolean received = new AtomicBoolean();
        installed.install("INT", 130, handler, received);
        installed.install("TERM", 143, handler, received);
        return installed;
    }

    private void install(String name, int exitCode, IntConsumer handler, AtomicBoolean received) {
        try {
            Signal signal = new Signal(name);
            SignalHandler old = Signal.handle(signal, s -> {
                if (!received.compareAndSet(false, true)) {
                    Runtime.getRuntime().halt(exitCode);
                }
                handler.accept(exitCode);
            });
            signals.add(signal);
            previous.add(old);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // signal not available here: the JVM's default handling stays
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                // leave it
            }
        }
    }
}
