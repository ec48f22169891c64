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
 * to the first token. Driver and raw runs alternate; each figure is a median. Usage: {@code LlamaCppBenchmark [runs]}.
 */
public final class LlamaCppBenchmark {
    private static final int TOKENS = 128;
    private static final int STREAMS = 4;
    private static final String PROMPT = "Once upon a time there was";

    private final LoadedModel driver;
    private final LlamaModel raw;
    private final ExecutorService pool = Executors.newFixedThreadPool(STREAMS);

    private LlamaCppBenchmark(Path gguf) {
        Map<String, Object> options = Map.of("n_ctx", 4 * 1024, "n_threads", 2, "parallel", STREAMS);
        driver = new LlamaCppDriver().load(new ModelLoadRequest("bench", "text-generation",
                new ResolvedModel(gguf, "gguf", gguf.toString()), "cpu", options, Map.of(), List.of(),
                gguf.getParent()));
        LlamaModel.setLogger(null, (level, message) -> { });
        raw = new LlamaModel(new ModelParameters().setModel(gguf.toString()).setCtxSize(4 * 1024).setThreads(2)
                .setThreadsBatch(2).setParallel(STREAMS).enableJinja().disableLog());
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path gguf = TinyGguf.write(Files.createTempDirectory("llamacpp-bench").resolve("tiny.gguf"));
        LlamaCppBenchmark bench = new LlamaCppBenchmark(gguf);
        try {
            bench.measure(Math.max(3, runs / 5)); // warm-up
            bench.report(runs);
        } finally {
            bench.pool.shutdownNow();
            bench.driver.close();
            bench.raw.close();
        }
        System.exit(0); // java-llama.cpp leaves a non-daemon native thread behind
    }

    private void report(int runs) throws Exception {
        double[][] r = measure(runs);
        System.out.printf("| workload | driver median | raw median | driver / raw |%n|---|---|---|---|%n");
        row("1 stream, tok/s", r[0], r[1], "%.0f");
        row(STREAMS + " streams, aggregate tok/s", r[2], r[3], "%.0f");
        row("time to first token, ms", r[4], r[5], "%.2f");
    }

    private static void row(String name, double[] driver, double[] raw, String format) {
        double d = median(driver);
        double w = median(raw);
        System.out.printf("| %s | " + format + " | " + format + " | %.3f |%n", name, d, w, d / w);
    }

    /** [driver 1-stream tok/s, raw 1-stream, driver 4-stream aggregate, raw 4-stream, driver ttft ms, raw ttft]. */
    private double[][] measure(int runs) throws Exception {
        double[][] out = new double[6][runs];
        for (int i = 0; i < runs; i++) {
            long seed = i;
            // the side that goes first alternates, so both see the same machine load
            boolean driverFirst = i % 2 == 0;
            for (int side = 0; side < 2; side++) {
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
