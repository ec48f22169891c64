package dev.modelcompose.engine.models;

/**
 * Hears how downloads advance (several files may download at once; calls may come from several threads).
 * {@code compose up} and {@code compose models pull} show it as a progress bar on a terminal and as a plain line per
 * 10 % otherwise.
 */
public interface DownloadProgress {
    DownloadProgress NONE = new DownloadProgress() {
    };

    /**
     * Progress on stderr: a bar redrawn with {@code \r} (bytes, rate, ETA) when stderr is a terminal
     * ({@code System.console() != null}), else a plain line per file at each 10 %.
     */
    static DownloadProgress console() {
        return new ConsoleDownloadProgress(System.err, System.console() != null);
    }

    /** A file starts (or resumes at {@code alreadyHave} bytes); {@code totalBytes} is -1 when unknown. */
    default void started(String repository, String file, long alreadyHave, long totalBytes) {
    }

    /** {@code bytes} more bytes of {@code file} arrived. */
    default void advanced(String repository, String file, long bytes) {
    }

    /** The file is complete, verified and in place. */
    default void finished(String repository, String file) {
    }
}
