package dev.modelcompose.components.httpserver;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.WorkflowInvoker;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the http-server lifecycle tests share: the fake chat server (a single-file Java program started with this
 * JVM's {@code java}), a compose file that manages it, and runtime services that do not echo server output.
 */
final class ServerFixture {
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private ServerFixture() {
    }

    static Path serverSource() {
        try {
            return Path.of(ServerFixture.class.getResource("/httpserver/FakeChatServer.java").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The argv that starts the fake server on {@code port} with {@code extra} options, as YAML flow list items. */
    static String startCommand(int port, String... extra) {
        StringBuilder argv = new StringBuilder("[\"" + JAVA + "\", \"" + serverSource() + "\", \"" + port + "\"");
        for (String word : extra) {
            argv.append(", \"").append(word).append('"');
        }
        return argv.append(']').toString();
    }

    /** A compose file with one managed server {@code chat}; {@code start} and {@code extra} fields as YAML. */
    static String compose(int port, String start, String extra) {
        return """
                # yaml-language-server: $schema=../schemas/compose.schema.json
                components:
                  - id: chat
                    type: http-server
                    port: %d
                    manage:
                      install: [[sh, -c, "echo installed >> install-count"]]
                      start: %s
                      env: {MODEL: tiny}
                    health: {path: /health, interval: 100ms, timeout: 60s}
                    stop_timeout: 3s
                """.formatted(port, start) + extra.indent(4) + """
                    action:
                      path: /v1/chat/completions
                      body: {model: tiny, stream: true, messages: [{role: user, content: "${input.prompt}"}]}
                      stream_format: json
                      output: ${response[].choices[0].delta.content}
                workflow:
                  job: {component: chat, input: "${input}"}
                """;
    }

    static HttpServerComponent create(Path dir, String yaml) {
        Component component = ComposeFixture.load(dir, yaml).create("chat");
        HttpServerComponent server = (HttpServerComponent) component;
        server.server().firstBackoff(java.time.Duration.ofMillis(1500));
        return server;
    }

    /** Calls the chat action and collects the streamed answer. */
    static String chat(Vertx vertx, Path dir, Component component, String prompt) throws Exception {
        TestCallContext call = new TestCallContext(vertx, dir, null);
        Future<Object> answer = component.call(component.spec().action(null).orElseThrow(),
                Map.of("prompt", prompt), call).compose(out -> out instanceof ChunkStream stream ? stream.drain()
                : Future.succeededFuture(out));
        return String.valueOf(await(answer));
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    /** Runtime services over {@code vertx} for {@code dir}; server output is not echoed. */
    static RuntimeServices services(Vertx vertx, Path dir, boolean reinstall) {
        return services(vertx, dir, reinstall, System.getenv());
    }

    /** As {@link #services(Vertx, Path, boolean)} with {@code environment} as the file's environment. */
    static RuntimeServices services(Vertx vertx, Path dir, boolean reinstall, Map<String, String> environment) {
        return new RuntimeServices() {
            @Override
            public Map<String, String> environment() {
                return environment;
            }

            @Override
            public Vertx vertx() {
                return vertx;
            }

            @Override
            public Path baseDir() {
                return dir;
            }

            @Override
            public WorkflowInvoker workflows() {
                return null;
            }

            @Override
            public boolean reinstall() {
                return reinstall;
            }

            @Override
            public boolean echoProcessOutput() {
                return false;
            }
        };
    }

    /** The pids of the processes in process group {@code pgid}, as {@code ps} lists them. */
    static List<String> groupMembers(long pgid) throws Exception {
        Process ps = new ProcessBuilder("ps", "-e", "-o", "pid=,pgid=").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes());
        ps.waitFor(10, TimeUnit.SECONDS);
        return out.lines().map(line -> line.trim().split("\\s+"))
                .filter(cols -> cols.length == 2 && cols[1].equals(Long.toString(pgid))).map(cols -> cols[0]).toList();
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }
}
