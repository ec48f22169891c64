package dev.modelcompose.benchmarks;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.modelcompose.drivers.onnx.ModelFiles;
import dev.modelcompose.drivers.onnx.OnnxGenerator;
import dev.modelcompose.drivers.onnx.OnnxGenerator.LoopTimings;
import dev.modelcompose.drivers.onnx.TinyDecoderModels;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.GenerationParams;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ONNX generation loop's own cost per token: the time of a whole generation minus the time inside
 * {@code OrtSession.run}, divided by the tokens, on the tiny decoder LM ({@link TinyDecoderModels}, KV cache, vocab
 * 178). That is sampling, incremental detokenising, stop-sequence filtering, the sink, input tensors and the logits
 * copy. Three workloads: greedy; sampling (temperature, top-k, top-p, repetition penalty, seed); sampling with two
 * stop sequences that never match (so the filter holds back and releases text). Each generates 256 tokens per run;
 * medians over {@code runs} runs after a 3 s warm-up, and the 10th percentile of the loop's own time (the runs least
 * disturbed by other processes on a shared machine).
 *
 * <pre>java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.modelcompose.benchmarks.GenerationOverheadBenchmark 300</pre>
 */
public final class GenerationOverheadBenchmark {
    private static final int TOKENS = 256;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path folder = TinyDecoderModels.writeWithKvCache(Files.createTempDirectory("tiny-decoder"));
        ResolvedModel model = new ResolvedModel(folder, "onnx", "tiny-decoder");
        ModelFiles files = ModelFiles.locate(model);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = OrtEnvironment.getEnvironment().createSession(files.modelFile().toString(), options);
                 OnnxGenerator generator = new OnnxGenerator(files, session, new ModelLoadRequest("bench",
                         "text-generation", model, "cpu", Map.of(), Map.of(), List.of(), folder))) {
                String prompt = "the cat sees a bird in the tree and the dog runs to the river";
                Map<String, GenerationParams> workloads = Map.of(
                        "1 greedy", params(false, null, null),
                        "2 sampling", params(true, 42L, null),
                        "3 sampling + stop sequences", params(true, 42L, List.of("zebra crossing", "<<END>>")));
                System.out.printf(Locale.ROOT, "%-30s %14s %14s %14s %14s%n", "workload (256 tokens/run)",
                        "total us/token", "in run us/tok", "outside us/tok", "outside p10");
                for (String name : workloads.keySet().stream().sorted().toList()) {
                    GenerationRequest request = new GenerationRequest(prompt, null, null, workloads.get(name));
                    long warmUntil = System.nanoTime() + 3_000_000_000L;
                    while (System.nanoTime() < warmUntil) {
                        generator.generate(request, d -> true, new Cancellation(), new LoopTimings());
                    }
                    List<Double> total = new ArrayList<>();
                    List<Double> inRun = new ArrayList<>();
                    List<Double> outside = new ArrayList<>();
                    for (int i = 0; i < runs; i++) {
                        LoopTimings timings = new LoopTimings();
                        StringBuilder sink = new StringBuilder();
                        generator.generate(request, d -> {
                            sink.append(d);
                            return true;
                        }, new Cancellation(), timings);
                        if (timings.tokens != TOKENS) {
                            throw new IllegalStateException("generated " + timings.tokens + " tokens");
                        }
                        total.add(timings.totalNanos / 1000.0 / timings.tokens);
                        inRun.add(timings.runNanos / 1000.0 / timings.tokens);
                        outside.add(timings.overheadMicrosPerToken());
                    }
                    System.out.printf(Locale.ROOT, "%-30s %14.1f %14.1f %14.1f %14.1f%n", name,
                            percentile(total, 50), percentile(inRun, 50), percentile(outside, 50),
                            percentile(outside, 10));
                }
            }
        }
    }

    private static GenerationParams params(boolean sample, Long seed, List<String> stops) {
        return sample
                ? new GenerationParams(TOKENS, null, true, 0.8, 40, 0.95, 1.1, seed, stops, null, null, null)
                : new GenerationParams(TOKENS, null, false, null, null, null, null, null, stops, null, null, null);
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() * percent / 100);
    }
}
