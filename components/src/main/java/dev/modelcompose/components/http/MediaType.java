package dev.modelcompose.components.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Reads a {@code Content-Type} header: the media type, its charset, and what kind of body it announces. */
final class MediaType {
    private static final Set<String> JSON_LINES = Set.of("application/x-ndjson", "application/ndjson",
            "application/jsonl", "application/x-jsonl", "application/jsonlines", "application/x-jsonlines",
            "application/json-lines", "application/stream+json");

    private MediaType() {
    }

    /** The media type in lower case without parameters; empty when absent. */
    static String of(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static Charset charset(String header) {
        if (header != null) {
            for (String parameter : header.split(";")) {
                String[] pair = parameter.trim().split("=", 2);
                if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                    try {
                        return Charset.forName(pair[1].trim().replace("\"", ""));
                    } catch (IllegalArgumentException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static boolean isJson(String type) {
        return type.equals("application/json") || type.endsWith("+json");
    }

    static boolean isEventStream(String type) {
        return type.equals("text/event-stream");
    }

    static boolean isJsonLines(String type) {
        return JSON_LINES.contains(type);
    }
}
