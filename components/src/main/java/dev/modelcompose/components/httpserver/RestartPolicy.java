package dev.modelcompose.components.httpserver;

/** {@code restart:} what to do when a managed server exits after it was ready. */
enum RestartPolicy {
    /** Restart when it exits with a non-zero code or a signal (the default). */
    ON_FAILURE("on-failure"),
    /** Restart whenever it exits. */
    ALWAYS("always"),
    /** Leave it stopped. */
    NO("no");

    /** Restarts allowed after a start before the server is given up. */
    static final int MAX_RESTARTS = 5;

    final String written;

    RestartPolicy(String written) {
        this.written = written;
    }

    boolean restarts(int exitCode) {
        return this == ALWAYS || this == ON_FAILURE && exitCode != 0;
    }
}
