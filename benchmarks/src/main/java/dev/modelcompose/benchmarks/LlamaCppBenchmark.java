package dev.modelcompose.benchmarks;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import dev.modelcompose.drivers.llamacpp.LlamaCppDriver;
import dev.modelcompose.drivers.llamacpp.TinyGguf;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.GenerationParams;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import dev.modelcompose.engine.spi.ComponentTypes;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

/**
 * Tokens per second of the generated tiny GGUF through the llamacpp driver ({@code LoadedModel.generate} with a token
 * sink) against the raw {@code LlamaModel.generate} loop, in one JVM, with 1 and 4 parallel streams, plus the time
 * to the first token. Driver and raw runs alternate; each figure is a median. Usage: {@code LlamaCppBenchmark [runs [threads]]}.
 */
public final class LlamaCppBenchmark {
    private static final int TOKENS = 128;
    private static final int STREAMS = 4;
    private static final String PROMPT = "Once upon a time there was";

    private final LoadedModel driver;
    private final LlamaModel raw;
    private final ExecutorService pool = Executors.newFixedThreadPool(STREAMS);
    private final Vertx vertx = Vertx.vertx();
    private final ComposeRuntime engine;

    private LlamaCppBenchmark(Path gguf, int threads) {
        Map<String, Object> options = Map.of("n_ctx", 4 * 1024, "n_threads", threads, "parallel", STREAMS);
        driver = new LlamaCppDriver().load(new ModelLoadRequest("bench", "text-generation",
                new ResolvedModel(gguf, "gguf", gguf.toString()), "cpu", options, Map.of(), List.of(),
                gguf.getParent()));
        LlamaModel.setLogger(null, (level, message) -> { });
        raw = new LlamaModel(new ModelParameters().setModel(gguf.toString()).setCtxSize(4 * 1024).setThreads(threads)
                .setThreadsBatch(threads).setParallel(STREAMS).enableJinja().disableLog());
        engine = engine(gguf, threads);
    }

    /** A workflow of one model job, as `compose run` executes it (minus the JVM start). */
    private ComposeRuntime engine(Path gguf, int threads) {
        try {
            Path file = Files.writeString(gguf.resolveSibling("compose.yml"), """
                    components:
                      - id: writer
                        type: model
                        task: text-generation
                        driver: llamacpp
                        model: { provider: local, path: ./tiny.gguf, format: gguf }
                        options: { n_ctx: 4096, n_threads: %d, parallel: %d }
                        action:
                          prompt: ${input.prompt}
                          max_output_length: %d
                          params: { temperature: 0.8, seed: "${input.seed}" }
                          output: ${result}
                    workflows:
                      - id: main
                        jobs:
                          - id: write
                            component: writer
                            input: ${input}
                    """.formatted(threads, STREAMS, TOKENS));
            ComponentTypes types = ComponentTypes.discover();
            ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(new ComposeLoader(types).load(
                    new LoadOptions(List.of(file), gguf.getParent(), List.of(), Map.of(), System.getenv())), types));
            runtime.start().await();
            return runtime;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int viaEngine(long seed) {
        runEngine(seed);
        return TOKENS; // the tiny model never ends early (TinyGguf)
    }

    private Object runEngine(long seed) {
        return engine.run("main", Map.of("prompt", PROMPT, "seed", seed), RunOptions.defaults()).await();
    }

    public static void main(String[] args) {
        try {
            benchmark(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // java-llama.cpp leaves a non-daemon native thread behind
        }
        System.exit(0);
    }

    private static void benchmark(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path gguf = TinyGguf.write(Files.createTempDirectory("llamacpp-bench").resolve("tiny.gguf"));
        LlamaCppBenchmark bench = new LlamaCppBenchmark(gguf, threads);
        try {
            bench.measure(Math.max(3, runs / 5)); // warm-up
            bench.report(runs);
        } finally {
            bench.pool.shutdownNow();
            bench.engine.stop().await();
            bench.driver.close();
            bench.raw.close();
            bench.vertx.close().await();
        }
    }

    private void report(int runs) throws Exception {
        double[][] r = measure(runs);
        System.out.printf("| workload | engine (workflow run) | driver | raw LlamaModel.generate | engine / raw "
                + "| driver / raw |%n|---|---|---|---|---|---|%n");
        row("1 stream, tok/s", r[6], r[0], r[1], "%.0f");
        row(STREAMS + " streams, aggregate tok/s", r[7], r[2], r[3], "%.0f");
        row("time to first token, ms", null, r[4], r[5], "%.2f");
    }

    private static void row(String name, double[] engine, double[] driver, double[] raw, String format) {
        double w = median(raw);
        String e = engine == null ? "-" : String.format(format, median(engine));
        String eRatio = engine == null ? "-" : String.format("%.3f", median(engine) / w);
        System.out.println("| " + name + " | " + e + " | " + String.format(format, median(driver)) + " | "
                + String.format(format, w) + " | " + eRatio + " | " + String.format("%.3f", median(driver) / w)
                + " |");
    }

    /**
     * [driver 1-stream tok/s, raw 1-stream, driver 4-stream aggregate, raw 4-stream, driver ttft ms, raw ttft,
     * engine 1-stream, engine 4-stream].
     */
    private double[][] measure(int runs) throws Exception {
        double[][] out = new double[8][runs];
        for (int i = 0; i < runs; i++) {
            long seed = i;
            // the side that goes first alternates, so both see the same machine load
            boolean driverFirst = i % 2 == 0;
            for (int side = 0; side < 2; side++) {
                if (side == 0) {
                    out[6][i] = tokensPerSecond(1, () -> viaEngine(seed));
                    out[7][i] = tokensPerSecond(STREAMS, () -> viaEngine(seed));
                }
                if ((side == 0) == driverFirst) {
                    out[0][i] = tokensPerSecond(1, () -> viaDriver(seed, null));
                    out[2][i] = tokensPerSecond(STREAMS, () -> viaDriver(seed, null));
                } else {
                    out[1][i] = tokensPerSecond(1, () -> viaRaw(seed, null));
                    out[3][i] = tokensPerSecond(STREAMS, () -> viaRaw(seed, null));
                }
            }
            long[] first = new long[1];
            long start = System.nanoTime();
            viaDriver(seed, first);
            out[4][i] = (first[0] - start) / 1e6;
            start = System.nanoTime();
            viaRaw(seed, first);
            out[5][i] = (first[0] - start) / 1e6;
        }
        return out;
    }

    private double tokensPerSecond(int streams, IntSupplier generation) throws Exception {
        long start = System.nanoTime();
        List<Future<Integer>> futures = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            futures.add(pool.submit(generation::getAsInt));
        }
        int tokens = 0;
        for (Future<Integer> f : futures) {
            tokens += f.get();
        }
        return tokens / ((System.nanoTime() - start) / 1e9);
    }

    private int viaDriver(long seed, long[] firstToken) {
        GenerationParams params = new GenerationParams(TOKENS, null, null, 0.8, null, null, null, seed, null, null,
                null, null);
        return driver.generate(new GenerationRequest(PROMPT, null, null, params), piece -> {
            if (firstToken != null && firstToken[0] == 0) {
                firstToken[0] = System.nanoTime();
            }
            return true;
        }, new Cancellation()).outputTokens();
    }

    private int viaRaw(long seed, long[] firstToken) {
        if (firstToken != null) {
            firstToken[0] = 0;
        }
        int tokens = 0;
        for (LlamaOutput output : raw.generate(new InferenceParameters(PROMPT).setNPredict(TOKENS)
                .setTemperature(0.8f).setSeed((int) seed))) {
            if (firstToken != null && firstToken[0] == 0) {
                firstToken[0] = System.nanoTime();
            }
            if (!output.text.isEmpty()) {
                tokens++;
            }
        }
        return tokens;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
