// SseFirstByte: the SSE first-byte latency of `compose up`. Runs an upstream SSE server on 127.0.0.1:18091 (the one
// benchmarks/workloads/sse-relay.yml streams from) and, in the same JVM (one clock), a client that POSTs the run
// to the compose API with output_only and reads the event stream. Per run: t0 = just before the upstream writes and
// flushes its first event (10 ms after the response headers), t1 = when the client has read the first "data:"
// line from compose. Prints the median, p90, p99 and max of t1 - t0 over the measured runs.
// Usage: java benchmarks/servers/SseFirstByte.java API_PORT [runs, default 300] [warm-up runs, default 200]
//        (start `./compose -f benchmarks/workloads/sse-relay.yml up --port API_PORT` first; loopback only)
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executors;

public class SseFirstByte {
  static volatile long firstChunkAt;

  public static void main(String[] args) throws Exception {
    int apiPort = Integer.parseInt(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    System.setProperty("sun.net.httpserver.nodelay", "true");   // no Nagle delay on the upstream side
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 18091), 128);
    upstream.createContext("/sse", exchange -> {
      try (InputStream in = exchange.getRequestBody()) { in.readAllBytes(); }
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      try {
        out.flush();
        Thread.sleep(10);
        firstChunkAt = System.nanoTime();
        out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(5);
        out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        out.close();
      }
    });
    upstream.setExecutor(Executors.newFixedThreadPool(4));
    upstream.start();
    byte[] body = "{\"workflow_id\":null,\"input\":{\"prompt\":\"hi\"},\"wait_for_completion\":true,\"output_only\":true}"
        .replace("\"workflow_id\":null,", "").getBytes(StandardCharsets.UTF_8);
    String head = "POST /api/workflows/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
    long[] micros = new long[runs];
    for (int i = 0; i < warmup + runs; i++) {
      firstChunkAt = 0;
      long t1;
      try (Socket socket = new Socket("127.0.0.1", apiPort)) {
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[8192];
        int n;
        t1 = -1;
        while ((n = in.read(buf)) > 0) {
          seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
          if (t1 < 0 && seen.indexOf("data:") >= 0) t1 = System.nanoTime();
        }
        if (t1 < 0 || seen.indexOf("data: second") < 0) throw new IllegalStateException("no event stream: " + seen);
      }
      if (i >= warmup) micros[i - warmup] = (t1 - firstChunkAt) / 1000;
    }
    upstream.stop(0);
    Arrays.sort(micros);
    System.out.printf("SSE first byte after the upstream's first chunk, %d runs: median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        runs, micros[runs / 2] / 1000.0, micros[runs * 9 / 10] / 1000.0, micros[runs * 99 / 100] / 1000.0, micros[runs - 1] / 1000.0);
    System.exit(0);
  }
}
