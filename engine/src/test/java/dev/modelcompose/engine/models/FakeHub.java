package dev.modelcompose.engine.models;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Test-only: a Hugging Face Hub on 127.0.0.1 that serves repositories from a folder in the Hub's URL layout:
 * {@code GET /api/models/{repo}/revision/{rev}}, {@code HEAD|GET /{repo}/resolve/{rev}/{file}} (LFS files, those
 * ending in .onnx, .gguf, .safetensors, .bin, answer 302 to {@code /cdn/...} with {@code X-Linked-Etag} = sha256;
 * the others 200 with a git-sha1 ETag), and ranged {@code GET /cdn/{repo}/{file}}. Tests can make a repository gated,
 * drop a connection in the middle of a file once, or serve corrupt bytes; it records every request.
 */
public final class FakeHub implements AutoCloseable {
    /** One request as the server saw it. */
    public record Seen(String method, String path, String range, String authorization) {
    }

    private final Path root;
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> gated = new ConcurrentHashMap<>();
    private final Map<String, Long> dropAfter = new ConcurrentHashMap<>();
    private final Set<String> corrupt = ConcurrentHashMap.newKeySet();
    private final AtomicInteger drops = new AtomicInteger();
    private volatile boolean down;

    public FakeHub(Path root) {
        this.root = root;
        try {
            this.server = vertx.createHttpServer().requestHandler(this::handle)
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Writes {@code file} of {@code repository} (creating the repository). */
    public FakeHub file(String repository, String file, byte[] content) {
        try {
            Path target = root.resolve(repository).resolve(file);
            Files.createDirectories(target.getParent());
            Files.write(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public FakeHub file(String repository, String file, String content) {
        return file(repository, file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Requests without {@code Authorization: Bearer token} get 401 (no token) or 403 (another token). */
    public FakeHub gated(String repository, String token) {
        gated.put(repository, token);
        return this;
    }

    /** The next download of {@code file} closes the connection after {@code bytes} bytes (once). */
    public FakeHub dropOnceAfter(String file, long bytes) {
        dropAfter.put(file, bytes);
        return this;
    }

    /** Downloads of {@code file} send other bytes than its ETag promises. */
    public FakeHub corrupt(String file) {
        corrupt.add(file);
        return this;
    }

    /** While true, every request gets 503. */
    public FakeHub down(boolean down) {
        this.down = down;
        return this;
    }

    public List<Seen> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    public int drops() {
        return drops.get();
    }

    /** The commit every revision of {@code repository} names. */
    public static String commit(String repository) {
        return sha1(("commit of " + repository).getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] content) {
        return digest("SHA-256", content);
    }

    private void handle(HttpServerRequest request) {
        String path = URLDecoder.decode(request.path(), StandardCharsets.UTF_8);
        requests.add(new Seen(request.method().name(), path, request.getHeader("Range"),
                request.getHeader("Authorization")));
        HttpServerResponse response = request.response();
        if (down) {
            response.setStatusCode(503).end("down for maintenance");
            return;
        }
        try {
            if (path.startsWith("/api/models/")) {
                api(request, path.substring("/api/models/".length()));
            } else if (path.startsWith("/cdn/")) {
                cdn(request, path.substring("/cdn/".length()));
            } else if (path.contains("/resolve/")) {
                resolve(request, path.substring(1));
            } else {
                response.setStatusCode(404).end();
            }
        } catch (IOException e) {
            response.setStatusCode(500).end(e.toString());
        }
    }

    private void api(HttpServerRequest request, String rest) throws IOException {
        int at = rest.indexOf("/revision/");
        String repository = at < 0 ? rest : rest.substring(0, at);
        String revision = at < 0 ? "main" : rest.substring(at + "/revision/".length());
        if (refused(request, repository)) {
            return;
        }
        Path folder = root.resolve(repository);
        if (!Files.isDirectory(folder)) {
            request.response().setStatusCode(404).putHeader("X-Error-Code", "RepoNotFound")
                    .end("{\"error\":\"Repository not found\"}");
            return;
        }
        if (!revision.equals("main") && !revision.equals(commit(repository))) {
            request.response().setStatusCode(404).putHeader("X-Error-Code", "RevisionNotFound")
                    .end("{\"error\":\"Invalid rev id: " + revision + "\"}");
            return;
        }
        JsonArray siblings = new JsonArray();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).sorted().forEach(file -> siblings.add(new JsonObject()
                    .put("rfilename", folder.relativize(file).toString().replace('\\', '/'))));
        }
        JsonObject body = new JsonObject().put("id", repository).put("sha", commit(repository))
                .put("pipeline_tag", "feature-extraction").put("siblings", siblings);
        request.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    private void resolve(HttpServerRequest request, String rest) throws IOException {
        int at = rest.indexOf("/resolve/");
        String repository = rest.substring(0, at);
        String afterResolve = rest.substring(at + "/resolve/".length());
        int slash = afterResolve.indexOf('/');
        String revision = afterResolve.substring(0, slash);
        String file = afterResolve.substring(slash + 1);
        if (refused(request, repository)) {
            return;
        }
        Path target = root.resolve(repository).resolve(file);
        HttpServerResponse response = request.response();
        if (!Files.isDirectory(root.resolve(repository))) {
            response.setStatusCode(404).putHeader("X-Error-Code", "RepoNotFound").end();
            return;
        }
        if (!revision.equals("main") && !revision.equals(commit(repository))) {
            response.setStatusCode(404).putHeader("X-Error-Code", "RevisionNotFound").end();
            return;
        }
        if (!Files.isRegularFile(target)) {
            response.setStatusCode(404).putHeader("X-Error-Code", "EntryNotFound").end();
            return;
        }
        byte[] content = Files.readAllBytes(target);
        response.putHeader("X-Repo-Commit", commit(repository));
        if (isLfs(file)) {
            response.setStatusCode(302)
                    .putHeader("X-Linked-Etag", "\"" + sha256(content) + "\"")
                    .putHeader("X-Linked-Size", String.valueOf(content.length))
                    .putHeader("ETag", "\"" + sha1(content) + "\"")
                    .putHeader("Location", "/cdn/" + repository + "/" + file + "?signature=abc")
                    .end();
            return;
        }
        String gitSha = sha1(("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8), content);
        response.putHeader("ETag", "\"" + gitSha + "\"");
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", String.valueOf(content.length)).end();
        } else {
            send(request, file, content);
        }
    }

    private void cdn(HttpServerRequest request, String rest) throws IOException {
        Path target = root.resolve(rest);
        if (!Files.isRegularFile(target)) {
            request.response().setStatusCode(404).end();
            return;
        }
        String repository = rest.substring(0, rest.indexOf('/', rest.indexOf('/') + 1));
        send(request, rest.substring(repository.length() + 1), Files.readAllBytes(target));
    }

    private void send(HttpServerRequest request, String file, byte[] content) {
        HttpServerResponse response = request.response();
        byte[] body = content;
        if (corrupt.contains(file)) {
            body = content.clone();
            body[body.length / 2] ^= 0x5a;
        }
        int from = 0;
        String range = request.getHeader("Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            if (from >= body.length) {
                response.setStatusCode(416).putHeader("Content-Range", "bytes */" + body.length).end();
                return;
            }
            response.setStatusCode(206).putHeader("Content-Range",
                    "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        }
        int length = body.length - from;
        response.putHeader("Content-Length", String.valueOf(length));
        if (request.method() == HttpMethod.HEAD) {
            response.end();
            return;
        }
        Long drop = dropAfter.remove(file);
        if (drop != null && drop < length) {
            drops.incrementAndGet();
            response.write(Buffer.buffer(body).slice(from, from + drop.intValue()))
                    .onComplete(done -> vertx.setTimer(50, id -> request.connection().close()));
            return;
        }
        // several writes, so that a client sees the file arrive in parts
        int chunk = Math.max(1, length / 20);
        for (int offset = from; offset < body.length; offset += chunk) {
            response.write(Buffer.buffer(body).slice(offset, Math.min(body.length, offset + chunk)));
        }
        response.end();
    }

    private boolean refused(HttpServerRequest request, String repository) {
        String token = gated.get(repository);
        if (token == null) {
            return false;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            request.response().setStatusCode(401).putHeader("X-Error-Code", "GatedRepo")
                    .end("{\"error\":\"Access to model " + repository + " is restricted.\"}");
            return true;
        }
        if (!authorization.equals("Bearer " + token)) {
            request.response().setStatusCode(403).putHeader("X-Error-Code", "GatedRepo").end();
            return true;
        }
        return false;
    }

    private static boolean isLfs(String file) {
        return Stream.of(".onnx", ".onnx_data", ".gguf", ".safetensors", ".bin").anyMatch(file::endsWith);
    }

    private static String sha1(byte[]... parts) {
        return digest("SHA-1", parts);
    }

    private static String digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
