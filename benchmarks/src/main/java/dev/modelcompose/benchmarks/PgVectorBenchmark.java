package dev.modelcompose.benchmarks;

import dev.modelcompose.drivers.pgvector.PgVectorDriver;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.WorkflowInvoker;
import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorHit;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The pgvector driver on the Lucene benchmark's synthetic data (384-d unit vectors clustered around 200 random
 * centres, cosine): ingest throughput through the driver (batches of 1000, one transaction each, HNSW index
 * maintained), search latency p50/p99 at top_k 10 (one query at a time, end to end through vertx-pg-client), and
 * recall@10 against exact search computed in Java, for hnsw.ef_search 40 (pgvector's and the driver's default) and 100.
 * Usage: {@code PgVectorBenchmark postgresql://user@host:port/db [sizes, default 10000] [queries, default 200]};
 * {@code benchmarks/pgvector-bench.sh} starts a throwaway server and runs it.
 */
public final class PgVectorBenchmark {
    private static final int DIMENSIONS = 384;
    private static final int BATCH = 1000;
    private static final int TOP_K = 10;
    private static final int CENTRES = 200;

    private final Vertx vertx = Vertx.vertx();

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: PgVectorBenchmark postgresql://user@host:port/db [sizes] [queries]");
            System.exit(2);
        }
        String url = args[0];
        int[] sizes = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[]{10_000};
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        PgVectorBenchmark benchmark = new PgVectorBenchmark();
        try {
            System.out.println("| vectors | ingest driver (vec/s) | ef_search | search p50 | search p99 | recall@10 |");
            System.out.println("|---|---|---|---|---|---|");
            for (int size : sizes) {
                benchmark.run(url, size, queries);
            }
        } finally {
            benchmark.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private void run(String url, int size, int queryCount) throws Exception {
        float[][] data = vectors(size, 1);
        float[][] queries = vectors(queryCount + 100, 2);
        String collection = "bench_" + size + "_" + System.currentTimeMillis();
        VectorStore writer = open(url, collection, 100);
        double ingest;
        try {
            ingest = ingest(writer, collection, data);
        } finally {
            await(writer.close());
        }
        for (int efSearch : new int[]{40, 100}) {
            VectorStore store = open(url, collection, efSearch);
            try {
                for (int i = 0; i < 100; i++) {
                    search(store, collection, queries[queryCount + i]);
                }
                double[] millis = new double[queryCount];
                for (int i = 0; i < queryCount; i++) {
                    long t0 = System.nanoTime();
                    search(store, collection, queries[i]);
                    millis[i] = (System.nanoTime() - t0) / 1e6;
                }
                double recall = recall(store, collection, data, queries, queryCount);
                System.out.printf("| %,d | %,.0f | %d | %.2f ms | %.2f ms | %.3f |%n", size, ingest, efSearch,
                        percentile(millis, 50), percentile(millis, 99), recall);
            } finally {
                await(store.close());
            }
        }
    }

    private VectorStore open(String url, String collection, int efSearch) throws Exception {
        VectorStoreSettings settings = new VectorStoreSettings("bench", collection, DIMENSIONS, VectorMetric.COSINE,
                null, Map.of("url", url, "ef_search", efSearch, "pool_size", 2), Path.of("."));
        return await(new PgVectorDriver().open(settings, services()));
    }

    private static double ingest(VectorStore store, String collection, float[][] data) throws Exception {
        long start = System.nanoTime();
        for (int from = 0; from < data.length; from += BATCH) {
            List<VectorRecord> records = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(data.length, from + BATCH); i++) {
                records.add(new VectorRecord("v" + i, data[i], null, Map.of()));
            }
            await(store.insert(collection, records));
        }
        return data.length / ((System.nanoTime() - start) / 1e9);
    }

    private static List<VectorHit> search(VectorStore store, String collection, float[] query) throws Exception {
        return await(store.search(collection, List.of(query), TOP_K, null, VectorFilter.NONE)).get(0);
    }

    private static double recall(VectorStore store, String collection, float[][] data, float[][] queries, int count)
            throws Exception {
        int sample = Math.min(count, 100);
        double found = 0;
        for (int q = 0; q < sample; q++) {
            Set<String> exact = exactTop(data, queries[q]);
            for (VectorHit hit : search(store, collection, queries[q])) {
                if (exact.contains(hit.id())) {
                    found++;
                }
            }
        }
        return found / (sample * TOP_K);
    }

    private static Set<String> exactTop(float[][] data, float[] query) {
        PriorityQueue<double[]> best = new PriorityQueue<>(Comparator.comparingDouble(a -> a[0]));
        for (int i = 0; i < data.length; i++) {
            double score = VectorMetric.COSINE.measure(query, data[i]);
            if (best.size() < TOP_K) {
                best.add(new double[]{score, i});
            } else if (score > best.peek()[0]) {
                best.poll();
                best.add(new double[]{score, i});
            }
        }
        Set<String> ids = new HashSet<>();
        best.forEach(e -> ids.add("v" + (int) e[1]));
        return ids;
    }

    /** The same data as the Lucene benchmark: unit vectors around 200 random unit centres, Gaussian noise 0.6. */
    private static float[][] vectors(int n, long seed) {
        Random random = new Random(seed);
        Random centresRandom = new Random(42);
        float[][] centres = new float[CENTRES][];
        for (int c = 0; c < CENTRES; c++) {
            centres[c] = gaussian(centresRandom, 1.0);
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] centre = centres[random.nextInt(CENTRES)];
            float[] noise = gaussian(random, 0.6);
            float[] v = new float[DIMENSIONS];
            for (int d = 0; d < DIMENSIONS; d++) {
                v[d] = centre[d] + noise[d];
            }
            out[i] = unit(v);
        }
        return out;
    }

    private static float[] gaussian(Random random, double sigma) {
        float[] v = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = (float) (random.nextGaussian() * sigma / Math.sqrt(DIMENSIONS));
        }
        return unit(v);
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < v.length; d++) {
            v[d] *= scale;
        }
        return v;
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }

    private RuntimeServices services() {
        return new RuntimeServices() {
            @Override
            public Vertx vertx() {
                return vertx;
            }

            @Override
            public Path baseDir() {
                return Path.of(".");
            }

            @Override
            public WorkflowInvoker workflows() {
                return new WorkflowInvoker() {
                    @Override
                    public boolean exists(String workflowId) {
                        return false;
                    }

                    @Override
                    public Future<Object> run(String workflowId, Object input, CallContext parent) {
                        return Future.failedFuture("none");
                    }
                };
            }
        };
    }
}
