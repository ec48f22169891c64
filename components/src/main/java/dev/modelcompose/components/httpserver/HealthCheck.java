package dev.modelcompose.components.httpserver;

import java.time.Duration;

/**
 * How readiness is probed: {@code GET path} answering 2xx when a path is given, else a TCP connect to the port; every
 * {@code interval}, for at most {@code timeout}.
 *
 * @param path null: TCP connect
 */
record HealthCheck(String path, Duration interval, Duration timeout) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

    String describe() {
        return path == null ? "TCP connect" : "GET " + path;
    }
}
