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
import java.util.Arrays;
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
    private static final int WARM_UP_SECONDS = 3;

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
        System.out.printf("%d measured runs per figure after >= %d s of warm-up; engine and raw runs interleaved;"
                + " JVM %s, %d cores%n%n", runs, WARM_UP_SECONDS, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| workload | engine median | raw median | engine - raw |");
        System.out.println("|---|---|---|---|");
        int[] sizes = {1, 10, 100};
        double[] filter = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            ComposeRuntime runtime = runtime("filter-chain-" + n, filterChain(n));
            filter[i] = measure(() -> runtime.run("chain", Map.of("items", List.of(1, 2, 3)), RunOptions.defaults()),
                    null)[0];
            System.out.printf("| filter chain N=%d | %.1f µs | - | - |%n", n, filter[i] / 1e3);
            runtime.stop().await();
        }
        double[] overhead = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            ComposeRuntime runtime = runtime("http-chain-" + n, httpChain(n));
            double[] pair = measure(() -> runtime.run("chain", Map.of("v", 1), RunOptions.defaults()),
                    () -> rawChain(n));
            overhead[i] = (pair[0] - pair[1]) / n;
            System.out.printf("| http-client chain N=%d | %.1f µs | %.1f µs | %.1f µs |%n", n, pair[0] / 1e3,
                    pair[1] / 1e3, (pair[0] - pair[1]) / 1e3);
            runtime.stop().await();
        }
        ComposeRuntime fanout = runtime("fan-out", fanOut());
        double[] fan = measure(() -> fanout.run("fanout", Map.of(), RunOptions.defaults()), this::rawFanOut);
        System.out.printf("| fan-out 1 -> %d -> 1, 50 ms endpoint | %.2f ms | %.2f ms | %.2f ms |%n", FAN_OUT,
                fan[0] / 1e6, fan[1] / 1e6, (fan[0] - fan[1]) / 1e6);
        fanout.stop().await();

        System.out.println();
        System.out.printf("filter: cost of one more job, (N=100 - N=1) / 99 = %.2f µs (target <= 20 µs);"
                + " a whole 1-job run = %.1f µs%n", (filter[2] - filter[0]) / 99 / 1e3, filter[0] / 1e3);
        System.out.printf("http-client: engine overhead per job, (engine - raw) / N = %.1f µs (N=1), %.1f µs (N=10),"
                + " %.1f µs (N=100) (target <= 80 µs)%n", overhead[0] / 1e3, overhead[1] / 1e3, overhead[2] / 1e3);
        System.out.printf("fan-out: engine - raw parallel = %.2f ms (target <= 15 ms)%n", (fan[0] - fan[1]) / 1e6);
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

    /**
     * Medians in nanoseconds of {@code runs} sequential runs of {@code engine} and (when given) {@code raw},
     * alternating one of each, after warming both up for at least {@link #WARM_UP_SECONDS} seconds.
     */
    private double[] measure(Callable<Future<?>> engine, Callable<Future<?>> raw) throws Exception {
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        for (int i = 0; i < runs || System.nanoTime() < warmUntil; i++) {
            await(engine.call());
            if (raw != null) {
                await(raw.call());
            }
        }
        long[] engineTimes = new long[runs];
        long[] rawTimes = new long[runs];
        for (int i = 0; i < runs; i++) {
            engineTimes[i] = time(engine);
            if (raw != null) {
                rawTimes[i] = time(raw);
            }
        }
        return new double[]{median(engineTimes), raw == null ? Double.NaN : median(rawTimes)};
    }

    private static long time(Callable<Future<?>> work) throws Exception {
        long start = System.nanoTime();
        await(work.call());
        return System.nanoTime() - start;
    }

    private static double median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
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
