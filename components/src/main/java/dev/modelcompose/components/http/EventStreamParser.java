package dev.modelcompose.components.http;

import java.util.function.Consumer;

/**
 * Parses a {@code text/event-stream} body into the data of its events: events end at a blank line, the {@code data:}
 * lines of an event are joined with {@code \n}, comments ({@code :...}) and other fields ({@code event:}, {@code id:},
 * {@code retry:}) are skipped, an event without data gives nothing. An unterminated last event is delivered at the end.
 */
final class EventStreamParser {
    private final Consumer<String> events;
    private final LineSplitter splitter = new LineSplitter(this::line);
    private StringBuilder data;

    EventStreamParser(Consumer<String> events) {
        this.events = events;
    }

    void feed(byte[] bytes) {
        splitter.feed(bytes);
    }

    void finish() {
        splitter.finish();
        dispatch();
    }

    private void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        if (!field.equals("data")) {
            return;
        }
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (data == null) {
            data = new StringBuilder(value);
        } else {
            data.append('\n').append(value);
        }
    }

    private void dispatch() {
        if (data != null) {
            String event = data.toString();
            data = null;
            events.accept(event);
        }
    }
}
