package dev.modelcompose.components.http;

import dev.modelcompose.engine.value.Json;

/** {@code stream_format}: how each chunk of a streamed response is decoded. */
enum StreamFormat {
    /** Parsed as JSON; a chunk that is not JSON (such as {@code [DONE]}) becomes null and is dropped. */
    JSON,
    /** Kept as text. */
    TEXT;

    Object decode(String chunk) {
        if (this == TEXT) {
            return chunk;
        }
        try {
            return Json.parse(chunk);
        } catch (Exception e) {
            return null;
        }
    }
}
