package dev.modelcompose.components.httpserver;

import java.io.PrintStream;

/**
 * The visible wait for a server: {@code waiting for vllm on :8000 ... 12s}, rewritten in place at most once a second
 * on a terminal, or printed as a new line every 10 seconds otherwise (logs, CI).
 */
final class ProgressLine {
    static final long TERMINAL_EVERY_SECONDS = 1;
    static final long PLAIN_EVERY_SECONDS = 10;

    private final PrintStream out;
    private final boolean terminal;
    private long shown = 0;
    private boolean open;

    ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** The console the engine runs in: stderr, rewritten in place when it is a terminal. */
    static ProgressLine console() {
        return new ProgressLine(System.err, System.console() != null);
    }

    /** Shows the wait when a new step ({@code every} seconds) has been reached. */
    synchronized void waiting(String component, int port, long seconds) {
        long every = terminal ? TERMINAL_EVERY_SECONDS : PLAIN_EVERY_SECONDS;
        if (seconds < every || seconds / every == shown / every) {
            return;
        }
        shown = seconds;
        String text = "waiting for " + component + " on :" + port + " ... " + seconds + "s";
        if (terminal) {
            out.print("\r" + text + "\033[K");
            open = true;
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Ends the wait with one final line when progress was shown. */
    synchronized void done(String text) {
        if (shown == 0) {
            return;
        }
        out.println(terminal ? "\r" + text + "\033[K" : text);
        out.flush();
        open = false;
        shown = 0;
    }

    /** Ends an in-place line without a message (before an error is printed). */
    synchronized void clear() {
        if (open) {
            out.println();
            open = false;
        }
        shown = 0;
    }
}
