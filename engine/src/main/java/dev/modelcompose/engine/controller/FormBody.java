package dev.modelcompose.engine.controller;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a run request from form fields, as model-compose reads form bodies: a key {@code a[b][c]} sets a value
 * in nested objects, a key ending in {@code []} appends to a list ({@code input[tags][]=a&input[tags][]=b}).
 * Values stay text (or file objects for uploads), except the top-level flags {@code wait_for_completion},
 * {@code output_only} and {@code subscribe_task}, where {@code true}/{@code false} become booleans.
 */
final class FormBody {
    private static final Set<String> FLAGS = Set.of("wait_for_completion", "output_only", "subscribe_task");

    private final Map<String, Object> root = new LinkedHashMap<>();

    /** Parses an {@code application/x-www-form-urlencoded} body (UTF-8). */
    static Map<String, Object> parseUrlEncoded(String text) {
        FormBody form = new FormBody();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            form.put(key, value);
        }
        return form.toMap();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("The form body is not valid URL encoding: " + e.getMessage());
        }
    }

    /** Sets {@code value} (text or a file object) at the path the form key names. */
    @SuppressWarnings("unchecked")
    void put(String key, Object value) {
        List<String> path = path(key);
        Map<String, Object> map = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i);
            Object next = map.get(segment);
            if (next == null) {
                next = new LinkedHashMap<String, Object>();
                map.put(segment, next);
            } else if (!(next instanceof Map)) {
                throw ApiError.badRequest("Form key '" + key + "': '" + segment + "' already holds "
                        + (next instanceof List ? "a list" : "a value") + ", so it cannot hold fields.");
            }
            map = (Map<String, Object>) next;
        }
        String last = path.get(path.size() - 1);
        if (key.endsWith("[]")) {
            Object list = map.get(last);
            if (list == null) {
                list = new ArrayList<>();
                map.put(last, list);
            } else if (!(list instanceof List)) {
                throw ApiError.badRequest("Form key '" + key + "': '" + last + "' already holds "
                        + (list instanceof Map ? "fields" : "a value") + ", so it cannot be a list.");
            }
            ((List<Object>) list).add(value);
            return;
        }
        if (map.containsKey(last)) {
            throw ApiError.badRequest("Form key '" + key + "' is given twice (end it with [] for a list).");
        }
        map.put(last, value);
    }

    /** {@code input[tags][]} → [input, tags] (the trailing [] is read by {@link #put}). */
    private static List<String> path(String key) {
        int open = key.indexOf('[');
        String name = open < 0 ? key : key.substring(0, open);
        if (name.isEmpty()) {
            throw malformed(key, "it must start with a field name");
        }
        List<String> path = new ArrayList<>();
        path.add(name);
        int at = open < 0 ? key.length() : open;
        while (at < key.length()) {
            if (key.charAt(at) != '[') {
                throw malformed(key, "expected '[' at position " + (at + 1));
            }
            int close = key.indexOf(']', at);
            if (close < 0) {
                throw malformed(key, "'[' at position " + (at + 1) + " is not closed");
            }
            String segment = key.substring(at + 1, close);
            if (segment.indexOf('[') >= 0) {
                throw malformed(key, "'[' at position " + (at + 1) + " is not closed");
            }
            if (segment.isEmpty()) {
                if (close != key.length() - 1) {
                    throw malformed(key, "[] may only end a key");
                }
            } else {
                path.add(segment);
            }
            at = close + 1;
        }
        return path;
    }

    private static ApiError malformed(String key, String why) {
        return ApiError.badRequest("Malformed form key '" + key + "': " + why
                + " (write nested keys as input[name] and list items as input[tags][]).");
    }

    /** The request object; top-level flags given as true/false become booleans. */
    Map<String, Object> toMap() {
        for (String flag : FLAGS) {
            Object value = root.get(flag);
            if ("true".equals(value) || "false".equals(value)) {
                root.put(flag, Boolean.valueOf((String) value));
            }
        }
        return root;
    }
}
