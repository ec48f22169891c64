package dev.modelcompose.engine.controller;

import dev.modelcompose.engine.value.Json;

/** Server-sent events framing: {@code data:} lines ended by a blank line. */
final class EventStreamFormat {
    private EventStreamFormat() {
    }

    /**
     * One chunk of a streamed output as one event: text as it is, one {@code data:} line per line ({@code "a\nb"} is
     * {@code data: a\ndata: b\n\n}); any other value as compact JSON.
     */
    static String chunk(Object chunk) {
        String text = chunk instanceof String s ? s : Json.write(chunk);
        StringBuilder event = new StringBuilder(text.length() + 16);
        appendData(event, text);
        return event.append('\n').toString();
    }

    /** A named event whose data is {@code value} as JSON. */
    static String named(String name, Object value) {
        StringBuilder event = new StringBuilder(64);
        event.append("event: ").append(name).append('\n');
        appendData(event, Json.write(value));
        return event.append('\n').toString();
    }

    private static void appendData(StringBuilder event, String text) {
        int start = 0;
        int length = text.length();
        while (true) {
            int end = start;
            while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            event.append("data: ").append(text, start, end).append('\n');
            if (end >= length) {
                return;
            }
            start = end + (text.charAt(end) == '\r' && end + 1 < length && text.charAt(end + 1) == '\n' ? 2 : 1);
            if (start >= length) {
                event.append("data: \n");
                return;
            }
        }
    }
}
