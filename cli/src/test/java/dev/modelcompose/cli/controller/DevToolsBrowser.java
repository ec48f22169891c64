package dev.modelcompose.cli.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket to its first page): navigate, evaluate
 * JavaScript, set the viewport, take screenshots. {@link #close()} ends the browser and every process it started.
 */
final class DevToolsBrowser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    private DevToolsBrowser(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The chromium binary on the PATH, or null. */
    static Path findChromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Starts {@code chromium --headless=new} with a fresh profile in {@code profile} and connects to its page. */
    static DevToolsBrowser launch(Path chromium, Path profile) throws Exception {
        Path log = profile.resolve("chromium.log");
        Process process = new ProcessBuilder(chromium.toString(), "--headless=new", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--window-size=1280,1000", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("chromium did not start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            while (pageSocket == null) {
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
                for (JsonNode target : JSON.readTree(list.body())) {
                    if ("page".equals(target.path("type").asText())) {
                        pageSocket = target.path("webSocketDebuggerUrl").asText();
                        break;
                    }
                }
                if (pageSocket == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("chromium has no page to drive");
                    }
                    Thread.sleep(50);
                }
            }
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener)
                    .get(30, TimeUnit.SECONDS);
            DevToolsBrowser browser = new DevToolsBrowser(process, socket);
            listener.browser = browser;
            browser.send("Page.enable", Map.of());
            browser.send("Runtime.enable", Map.of());
            browser.send("Log.enable", Map.of());
            return browser;
        } catch (Exception e) {
            stop(process);
            throw e;
        }
    }

    /** Sends one command and waits for its result. */
    JsonNode send(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Loads {@code url} and waits until the document has loaded. */
    void navigate(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
        waitFor("document loaded", () -> "complete".equals(evaluateQuietly("document.readyState")), Duration.ofSeconds(30));
    }

    /** The value of a JavaScript expression (awaited when it is a promise); an exception thrown there fails. */
    Object evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
        }
        return JSON.treeToValue(result.path("result").path("value"), Object.class);
    }

    private Object evaluateQuietly(String expression) {
        try {
            return evaluate(expression);
        } catch (Exception e) {
            return null;
        }
    }

    /** Waits until the expression is {@code true}; fails with {@code what} and the page's last state otherwise. */
    void waitUntil(String what, String expression, Duration timeout) throws Exception {
        try {
            waitFor(what, () -> Boolean.TRUE.equals(evaluateQuietly(expression)), timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page reads:\n"
                    + evaluateQuietly("document.body ? document.body.innerText.slice(0, 3000) : ''"), e);
        }
    }

    private static void waitFor(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /**
     * The page's errors since the last call: uncaught exceptions, {@code console.error}, and browser errors such as
     * Content-Security-Policy violations (failed HTTP requests are not counted: a 401 is expected).
     */
    List<String> takePageErrors() {
        List<String> errors = List.copyOf(pageErrors);
        pageErrors.clear();
        return errors;
    }

    private void onEvent(String method, JsonNode params) {
        switch (method) {
            case "Runtime.exceptionThrown" -> pageErrors.add(params.path("exceptionDetails").toString());
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.path("type").asText())) {
                    pageErrors.add("console.error " + params.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                if ("error".equals(entry.path("level").asText()) && !"network".equals(entry.path("source").asText())) {
                    pageErrors.add(entry.path("source").asText() + ": " + entry.path("text").asText());
                }
            }
            default -> {
            }
        }
    }

    /** Sets the viewport: CSS pixels, and whether it is a phone. */
    void viewport(int width, int height, boolean mobile) throws Exception {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** A PNG of the whole page (beyond the viewport). */
    byte[] screenshot() throws Exception {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        return Base64.getDecoder().decode(shot.path("data").asText());
    }

    /** Asks the browser to close, then ends it and every child process it left. */
    @Override
    public void close() {
        try {
            socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // it is stopped below anyway
        }
        socket.abort();
        stop(process);
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile DevToolsBrowser browser;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode node = JSON.readTree(message);
                    if (node.has("id") && browser != null) {
                        CompletableFuture<JsonNode> answer = browser.pending.remove(node.get("id").asInt());
                        if (answer != null) {
                            answer.complete(node);
                        }
                    } else if (node.has("method") && browser != null) {
                        browser.onEvent(node.get("method").asText(), node.path("params"));
                    }
                } catch (IOException ignored) {
                    // not JSON: not ours
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
