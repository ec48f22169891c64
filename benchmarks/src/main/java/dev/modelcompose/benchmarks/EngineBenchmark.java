package dev.modelcompose.benchmarks;

import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import dev.modelcompose.engine.spi.ComponentTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The engine-overhead workloads of the model-compose baseline, measured side by side in one JVM:
 * chains of N filter jobs, chains of N http-client jobs to a local echo server against a raw Vert.x WebClient loop,
 * and a 1 -> 50 -> 1 fan-out of http-client calls to an endpoint that sleeps 50 ms against 50 raw parallel calls.
 * Prints a Markdown table of medians. Usage: {@code EngineBenchmark [runs]}.
 */
public final class EngineBenchmark {
    private static final int FAN_OUT = 50;
    private static final long SLEEP_MS = 50;

    private final Vertx vertx = Vertx.vertx();
    private final Path scratch;
    private final int runs;
    private int port;
    private WebClient raw;

    private EngineBenchmark(int runs) throws Exception {
        this.runs = runs;
        this.scratch = Files.createTempDirectory("compose-bench");
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        EngineBenchmark bench = new EngineBenchmark(runs);
        try {
            bench.startEchoServer();
            bench.runAll();
        } finally {
            bench.vertx.close().await();
        }
        System.exit(0);
    }

    private void startEchoServer() throws Exception {
        Router router = Router.router(vertx);
        // JSON only: no multipart uploads, so no file-uploads folder in the working directory
        router.route().handler(BodyHandler.create().setHandleFileUploads(false));
        router.post("/echo").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(ctx.body().asString()));
        router.get("/sleep").handler(ctx -> vertx.setTimer(SLEEP_MS, t -> ctx.response()
                .putHeader("content-type", "application/json")
                .end("{\"ok\":true}")));
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        port = server.actualPort();
        // the same connection pool size as the http-client component, so both sides can open 50 connections
        raw = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(64));
    }

    private void runAll() throws Exception {
        System.out.printf("runs per figure: %d (after %d warm-up runs), JVM %s, %d cores%n%n", runs, runs,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("| workload | median per run | per job | raw baseline (median) | engine overhead per job |");
        System.out.println("|---|---|---|---|---|");
        for (int n : new int[]{1, 10, 100}) {
            ComposeRuntime runtime = runtime("filter-chain-" + n, filterChain(n));
            double median = median(() -> runtime.run("chain", Map.of("items", List.of(1, 2, 3)), RunOptions.defaults()));
            row("filter chain N=" + n, median, n, Double.NaN);
            runtime.stop().await();
        }
        for (int n : new int[]{1, 10, 100}) {
            ComposeRuntime runtime = runtime("http-chain-" + n, httpChain(n));
            double engine = median(() -> runtime.run("chain", Map.of("v", 1), RunOptions.defaults()));
            double baseline = median(() -> rawChain(n));
            row("http-client chain N=" + n, engine, n, baseline);
            runtime.stop().await();
        }
        ComposeRuntime fanout = runtime("fan-out", fanOut());
        double engine = median(() -> fanout.run("fanout", Map.of(), RunOptions.defaults()));
        double baseline = median(this::rawFanOut);
        row("fan-out 1 -> " + FAN_OUT + " -> 1 (50 ms endpoint)", engine, FAN_OUT + 2, baseline);
        System.out.printf("%nfan-out: engine median - raw parallel median = %.2f ms (target <= 15 ms)%n",
                (engine - baseline) / 1e6);
        fanout.stop().await();
    }

    private void row(String name, double medianNanos, int jobs, double baselineNanos) {
        String base = Double.isNaN(baselineNanos) ? "-" : String.format("%.1f µs", baselineNanos / 1e3);
        double overhead = Double.isNaN(baselineNanos) ? medianNanos / jobs : (medianNanos - baselineNanos) / jobs;
        System.out.printf("| %s | %.1f µs | %.2f µs | %s | %.2f µs |%n", name, medianNanos / 1e3,
                medianNanos / 1e3 / jobs, base, overhead / 1e3);
    }

    private ComposeRuntime runtime(String name, String yaml) throws Exception {
        Path file = scratch.resolve(name + ".yml");
        Files.writeString(file, yaml);
        LoadOptions options = new LoadOptions(List.of(file), scratch, List.of(),
                Map.of("ECHO_URL", "http://127.0.0.1:" + port), System.getenv());
        ComponentTypes types = ComponentTypes.discover();
        ComposeFile compose = new ComposeLoader(types).load(options);
        ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(compose, types));
        runtime.start().await();
        return runtime;
    }

    /** Median wall time in nanoseconds of {@code runs} sequential runs, after as many warm-up runs. */
    private double median(Callable<Future<?>> work) throws Exception {
        for (int i = 0; i < runs; i++) {
            await(work.call());
        }
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            await(work.call());
            times[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2.0;
    }

    private static void await(Future<?> future) throws Exception {
        future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private Future<?> rawChain(int n) {
        Future<Object> value = Future.succeededFuture(1);
        for (int i = 0; i < n; i++) {
            value = value.compose(v -> raw.post(port, "127.0.0.1", "/echo")
                    .sendJsonObject(new JsonObject().put("v", v))
                    .map(response -> response.bodyAsJsonObject().getValue("v")));
        }
        return value;
    }

    private Future<?> rawFanOut() {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < FAN_OUT; i++) {
            calls.add(raw.get(port, "127.0.0.1", "/sleep").send().map(r -> r.bodyAsJsonObject().getValue("ok")));
        }
        return Future.all(calls);
    }

    static String filterChain(int n) {
        StringBuilder yaml = new StringBuilder("workflows:\n  - id: chain\n    jobs:\n");
        for (int i = 0; i < n; i++) {
            String input = i == 0 ? "${input.items}" : "${jobs.j" + (i - 1) + ".output}";
            yaml.append("      - id: j").append(i).append('\n')
                .append("        type: filter\n")
                .append("        input: ").append(input).append('\n')
                .append("        where: { input: \"${item}\", operator: gte, value: 0 }\n");
        }
        yaml.append("    output: ${jobs.j").append(n - 1).append(".output}\n");
        return yaml.toString();
    }

    static String httpChain(int n) {
        StringBuilder yaml = new StringBuilder("""
                components:
                  - id: echo
                    type: http-client
                    base_url: ${ECHO_URL}
                    action:
                      path: /echo
                      method: POST
                      body: { v: "${input.v}" }
                      output: ${response.v}
                workflows:
                  - id: chain
                    jobs:
                """);
        for (int i = 0; i < n; i++) {
            String input = i == 0 ? "${input.v}" : "${jobs.j" + (i - 1) + ".output}";
            yaml.append("      - { id: j").append(i).append(", component: echo, input: { v: \"").append(input)
                .append("\" } }\n");
        }
        yaml.append("    output: ${jobs.j").append(n - 1).append(".output}\n");
        return yaml.toString();
    }

    static String fanOut() {
        StringBuilder yaml = new StringBuilder("""
                components:
                  - id: sleepy
                    type: http-client
                    base_url: ${ECHO_URL}
                    action: { path: /sleep, method: GET, output: "${response.ok}" }
                workflows:
                  - id: fanout
                    jobs:
                      - { id: start, type: filter, input: [1], where: { input: \"${item}\", operator: gte, value: 0 } }
                """);
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < FAN_OUT; i++) {
            yaml.append("      - { id: c").append(i).append(", component: sleepy, depends_on: [start] }\n");
            ids.append(i == 0 ? "" : ", ").append('c').append(i);
        }
        yaml.append("      - { id: end, type: filter, input: [1], where: { input: \"${item}\", operator: gte, value: 0 },")
            .append(" depends_on: [").append(ids).append("] }\n");
        yaml.append("    output: ${jobs.end.output}\n");
        return yaml.toString();
    }
}
