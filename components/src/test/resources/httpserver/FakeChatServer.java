import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny OpenAI-chat-shaped server for the http-server lifecycle tests, run as a single source file:
 * {@code java FakeChatServer.java PORT [--delay-ms N] [--exit N] [--pid-file F]}.
 * GET /health answers 200; POST /v1/chat/completions answers "Hello world" as SSE chunks when the body asks for
 * "stream": true, else as one JSON completion; POST /crash ends the process with code 3.
 */
public class FakeChatServer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long delay = 0;
        Integer exit = null;
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--delay-ms" -> delay = Long.parseLong(args[i + 1]);
                case "--exit" -> exit = Integer.parseInt(args[i + 1]);
                case "--pid-file" -> Files.writeString(Path.of(args[i + 1]), Long.toString(ProcessHandle.current().pid()));
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        System.out.println("fake chat server starting on " + port);
        if (exit != null) {
            System.out.println("error: model weights not found");
            System.exit(exit);
        }
        for (long waited = 0; waited < delay; waited += 500) {
            System.out.println("loading model ... " + waited + "ms");
            Thread.sleep(500);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/health", exchange -> reply(exchange, 200, "application/json", "{\"status\":\"ok\"}"));
        server.createContext("/crash", exchange -> {
            System.out.println("crashing on request");
            Runtime.getRuntime().halt(3);
        });
        server.createContext("/v1/chat/completions", FakeChatServer::chat);
        server.start();
        System.out.println("listening on 127.0.0.1:" + port + " (env MODEL=" + System.getenv("MODEL") + ")");
    }

    private static void chat(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("chat request " + body);
        if (!body.replace(" ", "").contains("\"stream\":true")) {
            reply(exchange, 200, "application/json",
                    "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hello world\"}}]}");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String piece : new String[] {"Hello", " world"}) {
                String chunk = "{\"choices\":[{\"delta\":{\"content\":\"" + piece + "\"}}]}";
                out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
