package dev.modelcompose.components.httpserver;

import dev.modelcompose.engine.value.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers that a server's install and build steps succeeded: {@code .compose/state/<component>.json} holds a hash
 * of the steps, their working folder and env. A later start with the same hash skips them; changing a step runs
 * them again.
 */
final class InstallState {
    private final Path file;
    private final String hash;

    InstallState(Path baseDir, String componentId, ManageScripts scripts) {
        this.file = baseDir.resolve(".compose").resolve("state").resolve(componentId + ".json");
        this.hash = hash(scripts);
    }

    Path file() {
        return file;
    }

    boolean done() {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            Object state = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            return state instanceof Map<?, ?> map && hash.equals(map.get("install_hash"));
        } catch (Exception e) {
            return false;
        }
    }

    void markDone() throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("install_hash", hash);
        state.put("installed_at", Instant.now().toString());
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.writePretty(state) + "\n", StandardCharsets.UTF_8);
    }

    private static String hash(ManageScripts scripts) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("steps", scripts.setup());
        key.put("working_dir", scripts.workingDir().toString());
        key.put("env", new java.util.TreeMap<>(scripts.env()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(key)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
