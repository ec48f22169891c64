// Echo: a tiny HTTP/1.1 echo server for the API benchmarks (JDK only, no Vert.x): answers every request with its
// body (Content-Type application/json). Keep-alive, a fixed pool of worker threads.
// Usage: java benchmarks/servers/Echo.java PORT [threads, default 8]     (binds 127.0.0.1; Ctrl-C or SIGTERM stops it)
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

public class Echo {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) { body = in.readAllBytes(); }
      if (body.length == 0) body = "{}".getBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) { out.write(body); }
    });
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.start();
    System.out.println("echo on 127.0.0.1:" + port);
  }
}
