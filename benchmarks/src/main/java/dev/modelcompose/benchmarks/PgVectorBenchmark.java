package dev.modelcompose.benchmarks;

import static dev.modelcompose.benchmarks.VectorBenchmark.await;
import static dev.modelcompose.benchmarks.VectorBenchmark.exactTop;
import static dev.modelcompose.benchmarks.VectorBenchmark.percentile;
import static dev.modelcompose.benchmarks.VectorBenchmark.vectors;

import dev.modelcompose.drivers.pgvector.PgVectorDriver;
import dev.modelcompose.engine.spi.RuntimeServices;
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
import java.util.List;
import java.util.Map;
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

    private RuntimeServices services() {
        return RuntimeServices.of(vertx, Path.of("."));
    }
}
