package dev.modelcompose.components.http;

/**
 * A response: its status, media type, and body decoded (JSON parsed, text as a String, other bytes as byte[], null
 * when empty) or a {@link dev.modelcompose.engine.value.ChunkStream} for event streams and JSON lines.
 */
record HttpReply(int status, String mediaType, Object body) {
}
