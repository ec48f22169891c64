package dev.modelcompose.benchmarks;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.modelcompose.drivers.onnx.TestModels;
import dev.modelcompose.engine.controller.ControllerServer;
import dev.modelcompose.engine.controller.ControllerSettings;
import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import dev.modelcompose.engine.spi.ComponentTypes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;

import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model component's figures (issue 4), side by side in one JVM:
 * <ol>
 *   <li>embedding throughput of the builtin all-MiniLM-L6-v2 through a one-job workflow against a raw ONNX Runtime
 *       session with the DJL tokenizer (same texts, same session settings: all optimisations, intra-op threads = the
 *       cores), at batch 1 and batch 32: medians of alternating runs;</li>
 *   <li>32 concurrent clients each sending single-text embedding requests over HTTP to the controller
 *       ({@code compose up}'s {@link ControllerServer}, on 127.0.0.1) with dynamic batching on
 *       ({@code batch_size: 32, max_batch_delay: 5ms}) and off ({@code batch_size: 1}): requests per second over a
 *       fixed window, the median of several windows.</li>
 * </ol>
 * Usage: {@code ModelBenchmark [runs=40] [http-seconds=10] [intra-op-threads=1]}: both sides use the same number of
 * ONNX Runtime intra-op threads (1 by default: on a small shared machine a second spinning thread per session costs
 * more than it gives).
 */
public final class ModelBenchmark {
    private static final int WARM_UP_SECONDS = 5;
    private static final int CLIENTS = 32;
    private static final int BLOCK = 5;
    private static final List<String> TEXTS = texts();

    private final Vertx vertx = Vertx.vertx();
    private final Path scratch;
    private final int runs;
    private final int threads;

    private ModelBenchmark(int runs, int threads) throws Exception {
        this.runs = runs;
        this.threads = threads;
        this.scratch = Files.createTempDirectory("model-benchmark");
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int httpSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        ModelBenchmark benchmark = new ModelBenchmark(runs, threads);
        try {
            benchmark.workflowAgainstRaw();
            benchmark.batchingOverHttp(httpSeconds);
        } finally {
            benchmark.vertx.close().await();
        }
        System.exit(0);
    }

    // ---- 1: workflow vs raw ONNX Runtime --------------------------------------------------------------------------

    private void workflowAgainstRaw() throws Exception {
        ComposeRuntime batching = runtime("workflow", embeddingFile(32, "5ms"));
        ComposeRuntime single = runtime("workflow-unbatched", embeddingFile(1, "5ms"));
        try (RawEmbedder raw = new RawEmbedder(TestModels.builtinMiniLm(), threads)) {
            System.out.printf("cores: %d, intra-op threads: %d, runs per figure: %d%n",
                    Runtime.getRuntime().availableProcessors(), threads, runs);
            compare(1, raw, batching, "defaults (batch_size 32, max_batch_delay 5ms)");
            compare(1, raw, single, "batching off (batch_size 1)");
            compare(32, raw, batching, "defaults (batch_size 32, max_batch_delay 5ms)");
        } finally {
            batching.stop().await();
            single.stop().await();
        }
    }

    /** Median time of {@code runs} workflow runs against raw calls on the same texts, alternating. */
    private void compare(int batch, RawEmbedder raw, ComposeRuntime runtime, String label) throws Exception {
        int next = 0;
        List<List<String>> inputs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            List<String> texts = new ArrayList<>();
            for (int j = 0; j < batch; j++) {
                texts.add(TEXTS.get((next++) % TEXTS.size()));
            }
            inputs.add(texts);
        }
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        for (int i = 0; System.nanoTime() < warmUntil || i < 5; i++) {
            List<String> texts = inputs.get(i % inputs.size());
            runtime.run(null, Map.of("texts", texts), RunOptions.defaults()).await();
            raw.embed(texts);
        }
        // blocks of BLOCK runs, alternating: one side's ONNX Runtime threads still spin for a moment after its run,
        // which would slow the other side's next run if they alternated run by run
        long[] engine = new long[runs];
        long[] direct = new long[runs];
        for (int from = 0; from < runs; from += BLOCK) {
            for (int i = from; i < Math.min(runs, from + BLOCK); i++) {
                List<String> texts = inputs.get(i);
                long start = System.nanoTime();
                Object output = runtime.run(null, Map.of("texts", texts), RunOptions.defaults()).await();
                engine[i] = System.nanoTime() - start;
                if (((List<?>) output).size() != batch) {
                    throw new IllegalStateException("the workflow gave " + ((List<?>) output).size() + " vectors");
                }
            }
            for (int i = from; i < Math.min(runs, from + BLOCK); i++) {
                long start = System.nanoTime();
                raw.embed(inputs.get(i));
                direct[i] = System.nanoTime() - start;
            }
        }
        double engineRate = batch / (median(engine) / 1e9);
        double rawRate = batch / (median(direct) / 1e9);
        System.out.printf("batch %2d, %s: workflow %.0f embeddings/s (median %.2f ms), raw ORT %.0f embeddings/s"
                        + " (median %.2f ms): the workflow keeps %.0f %%%n", batch, label, engineRate,
                median(engine) / 1e6, rawRate, median(direct) / 1e6, 100 * engineRate / rawRate);
    }

    // ---- 2: dynamic batching on vs off over HTTP ------------------------------------------------------------------

    private void batchingOverHttp(int seconds) throws Exception {
        double on = median(serve("batching on (batch_size 32, max_batch_delay 5ms)", embeddingFile(32, "5ms"),
                seconds));
        double onLonger = median(serve("batching on (batch_size 32, max_batch_delay 20ms)", embeddingFile(32, "20ms"),
                seconds));
        double off = median(serve("batching off (batch_size 1)", embeddingFile(1, "5ms"), seconds));
        System.out.printf("32 concurrent single-text requests: batching on %.0f req/s (%.2fx), with a 20ms delay"
                + " %.0f req/s (%.2fx), off %.0f req/s%n", on, on / off, onLonger, onLonger / off, off);
    }

    /** Requests per second of each window, for {@code windows} windows of {@code seconds}/3 after a warm-up. */
    private double[] serve(String label, String yaml, int seconds) throws Exception {
        ComposeRuntime runtime = runtime("http-" + label.hashCode(), yaml);
        ControllerServer server = new ControllerServer(vertx, runtime, ControllerSettings.defaults().withPort(0)
                .withWebUiPort(ControllerSettings.WEBUI_OFF));
        int port = server.start().await();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(CLIENTS));
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        boolean[] running = {true};
        for (int c = 0; c < CLIENTS; c++) {
            loop(client, port, c, done, failed, running);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(WARM_UP_SECONDS));
        int windows = 3;
        double[] rates = new double[windows];
        for (int w = 0; w < windows; w++) {
            long before = done.get();
            long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) / windows);
            rates[w] = (done.get() - before) / ((System.nanoTime() - start) / 1e9);
        }
        running[0] = false;
        Thread.sleep(500);
        System.out.printf("%s: %s req/s per window, %d failed%n", label, Arrays.toString(Arrays.stream(rates)
                .mapToLong(Math::round).toArray()), failed.get());
        client.close().await();
        server.shutdown().await();
        runtime.stop().await();
        return rates;
    }

    private void loop(HttpClient client, int port, int clientIndex, AtomicLong done, AtomicLong failed,
                      boolean[] running) {
        if (!running[0]) {
            return;
        }
        String text = TEXTS.get((int) ((clientIndex + done.get()) % TEXTS.size()));
        Buffer body = new JsonObject().put("input", new JsonObject().put("texts", text))
                .put("wait_for_completion", true).put("output_only", true).toBuffer();
        client.request(HttpMethod.POST, port, "127.0.0.1", "/api/workflows/runs")
                .compose(request -> request.putHeader("Content-Type", "application/json").send(body))
                .compose(response -> response.body().map(reply -> response.statusCode()))
                .onComplete(result -> {
                    if (result.succeeded() && result.result() == 200) {
                        done.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    loop(client, port, clientIndex, done, failed, running);
                });
    }

    // ---- shared ---------------------------------------------------------------------------------------------------

    private String embeddingFile(int batchSize, String delay) {
        return """
                components:
                  - id: embedder
                    type: model
                    task: text-embedding
                    model: builtin:all-minilm-l6-v2
                    batch_size: %d
                    max_batch_delay: %s
                    options: { intra_op_threads: %d }
                    action:
                      text: ${input.texts}
                workflow:
                  jobs:
                    - component: embedder
                      input: ${input}
                """.formatted(batchSize, delay, threads);
    }

    private ComposeRuntime runtime(String name, String yaml) throws Exception {
        Path file = scratch.resolve(name + ".yml");
        Files.writeString(file, yaml);
        LoadOptions options = new LoadOptions(List.of(file), scratch, List.of(), Map.of(), System.getenv());
        ComponentTypes types = ComponentTypes.discover();
        ComposeFile compose = new ComposeLoader(types).load(options);
        ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(compose, types));
        runtime.start().await();
        return runtime;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static List<String> texts() {
        String[] subjects = {"The cat", "A small dog", "My neighbour", "The old train", "Our team", "The market",
                "A quiet river", "The new phone"};
        String[] rests = {"sleeps on the warm windowsill every afternoon.",
                "moved slowly through the crowded city streets at dawn.",
                "surprised everyone with a remarkable result this quarter.",
                "was covered in fresh snow after the long winter night."};
        List<String> texts = new ArrayList<>();
        for (String subject : subjects) {
            for (String rest : rests) {
                texts.add(subject + " " + rest);
            }
        }
        return List.copyOf(texts);
    }

    /** The baseline: the same model, tokenizer and pooling, straight on ONNX Runtime. */
    public static final class RawEmbedder implements AutoCloseable {
        private final OrtEnvironment env = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final HuggingFaceTokenizer tokenizer;

        public RawEmbedder(Path folder, int threads) throws Exception {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            session = env.createSession(folder.resolve("model.onnx").toString(), options);
            tokenizer = HuggingFaceTokenizer.newInstance(folder.resolve("tokenizer.json"), Map.of(
                    "addSpecialTokens", "true", "truncation", "true", "maxLength", "512", "padding", "false"));
        }

        public List<float[]> embed(List<String> texts) throws Exception {
            Encoding[] encodings = tokenizer.batchEncode(texts);
            int size = encodings.length;
            int length = 1;
            for (Encoding encoding : encodings) {
                length = Math.max(length, encoding.getIds().length);
            }
            long[] ids = new long[size * length];
            long[] mask = new long[size * length];
            long[] types = new long[size * length];
            for (int i = 0; i < size; i++) {
                long[] encoded = encodings[i].getIds();
                System.arraycopy(encoded, 0, ids, i * length, encoded.length);
                System.arraycopy(encodings[i].getAttentionMask(), 0, mask, i * length, encoded.length);
                System.arraycopy(encodings[i].getTypeIds(), 0, types, i * length, encoded.length);
            }
            long[] shape = {size, length};
            try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                 OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                 OnnxTensor typeTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
                 OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                         "token_type_ids", typeTensor))) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                List<float[]> vectors = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    float[] sum = new float[hidden[i][0].length];
                    int count = 0;
                    for (int t = 0; t < length; t++) {
                        if (mask[i * length + t] == 1) {
                            for (int d = 0; d < sum.length; d++) {
                                sum[d] += hidden[i][t][d];
                            }
                            count++;
                        }
                    }
                    double norm = 0;
                    for (int d = 0; d < sum.length; d++) {
                        sum[d] /= count;
                        norm += sum[d] * sum[d];
                    }
                    float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
                    for (int d = 0; d < sum.length; d++) {
                        sum[d] *= scale;
                    }
                    vectors.add(sum);
                }
                return vectors;
            }
        }

        @Override
        public void close() throws Exception {
            session.close();
            tokenizer.close();
        }
    }
}
