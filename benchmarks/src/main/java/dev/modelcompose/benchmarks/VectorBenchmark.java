package dev.modelcompose.benchmarks;

import dev.modelcompose.drivers.lucene.LuceneVectorStoreDriver;
import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorHit;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

import java.nio.file.Files;
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
import java.util.stream.Stream;

/**
 * The Lucene vector driver against raw Lucene in the same JVM, on synthetic 384-d vectors (clustered like text
 * embeddings: 200 random unit centres, each vector a centre plus Gaussian noise, normalised), cosine metric:
 * ingest throughput (batches of 1000, each committed, as the driver does per call), search latency p50/p99 at
 * top_k 10 (100 HNSW candidates in both; raw Lucene both on the calling thread and through
 * {@code vertx.executeBlocking}, the hop every driver call makes), and recall@10 of the driver's HNSW search against exact search. Raw Lucene indexes the same unit vectors
 * (DOT_PRODUCT, id as a stored term, default codec), commits per batch, and reads each hit's id.
 * Usage: {@code VectorBenchmark [sizes, default 10000,100000] [queries, default 200]}.
 */
public final class VectorBenchmark {
    private static final int DIMENSIONS = 384;
    private static final int BATCH = 1000;
    private static final int TOP_K = 10;
    private static final int CENTRES = 200;
    /** The driver's HNSW candidates per search (LuceneCollection.CANDIDATES): raw Lucene searches as wide. */
    private static final int CANDIDATES = 100;

    private final Vertx vertx = Vertx.vertx();

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[]{10_000, 100_000};
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        VectorBenchmark benchmark = new VectorBenchmark();
        try {
            System.out.println("| vectors | ingest driver (vec/s) | ingest raw (vec/s) | driver/raw | p50 driver | "
                    + "p50 raw | p50 raw on a worker | p99 driver | p99 raw | p99 raw on a worker | recall@10 |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            benchmark.warmUp();
            for (int size : sizes) {
                benchmark.run(size, queries);
            }
        } finally {
            benchmark.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }

    static float[][] vectors(int n, long seed) {
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

    static float[] gaussian(Random random, double sigma) {
        float[] v = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = (float) (random.nextGaussian() * sigma / Math.sqrt(DIMENSIONS));
        }
        return unit(v);
    }

    static float[] unit(float[] v) {
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

    /** Both ingest paths once on 3,000 vectors, so that neither measured run pays for the JIT alone. */
    private void warmUp() throws Exception {
        float[][] data = vectors(3_000, 3);
        Path dir = Files.createTempDirectory("vector-benchmark-warm-up");
        try {
            rawIngest(dir.resolve("raw"), data);
            VectorStore store = await(new LuceneVectorStoreDriver().open(new VectorStoreSettings("bench", "docs",
                    DIMENSIONS, VectorMetric.COSINE, dir.resolve("driver"), Map.of(), dir), services(dir)));
            try {
                driverIngest(store, data);
            } finally {
                await(store.close());
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(int size, int queryCount) throws Exception {
        float[][] data = vectors(size, 1);
        float[][] queries = vectors(queryCount + 100, 2);
        Path dir = Files.createTempDirectory("vector-benchmark");
        try {
            double rawIngest = rawIngest(dir.resolve("raw"), data);
            double driverIngest;
            VectorStoreSettings settings = new VectorStoreSettings("bench", "docs", DIMENSIONS, VectorMetric.COSINE,
                    dir.resolve("driver"), Map.of(), dir);
            VectorStore ingesting = await(new LuceneVectorStoreDriver().open(settings, services(dir)));
            try {
                driverIngest = driverIngest(ingesting, data);
            } finally {
                await(ingesting.close()); // waits for merges, as closing the raw writer does
            }
            VectorStore store = await(new LuceneVectorStoreDriver().open(settings, services(dir)));
            try {
                double[] raw;
                double[] driver;
                double[] hopped;
                try (FSDirectory directory = FSDirectory.open(dir.resolve("raw"));
                     DirectoryReader reader = DirectoryReader.open(directory)) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    // warm both up, then measure interleaved halves
                    for (int i = 0; i < 100; i++) {
                        rawSearch(searcher, queries[queryCount + i]);
                        driverSearch(store, queries[queryCount + i]);
                    }
                    raw = new double[queryCount];
                    driver = new double[queryCount];
                    hopped = new double[queryCount];
                    for (int i = 0; i < queryCount; i++) {
                        float[] query = queries[i];
                        long t0 = System.nanoTime();
                        rawSearch(searcher, query);
                        long t1 = System.nanoTime();
                        driverSearch(store, query);
                        long t2 = System.nanoTime();
                        await(vertx.executeBlocking(() -> rawSearch(searcher, query), false));
                        long t3 = System.nanoTime();
                        raw[i] = (t1 - t0) / 1e6;
                        driver[i] = (t2 - t1) / 1e6;
                        hopped[i] = (t3 - t2) / 1e6;
                    }
                }
                double recall = recall(store, data, queries, queryCount);
                System.out.printf("| %,d | %,.0f | %,.0f | %.0f %% | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.3f |%n",
                        size, driverIngest, rawIngest, 100 * driverIngest / rawIngest, percentile(driver, 50),
                        percentile(raw, 50), percentile(hopped, 50), percentile(driver, 99), percentile(raw, 99),
                        percentile(hopped, 99), recall);
            } finally {
                await(store.close());
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double rawIngest(Path folder, float[][] data) throws Exception {
        long start = System.nanoTime();
        IndexWriterConfig config = new IndexWriterConfig();
        config.setRAMBufferSizeMB(64);
        try (FSDirectory directory = FSDirectory.open(folder); IndexWriter writer = new IndexWriter(directory, config)) {
            for (int from = 0; from < data.length; from += BATCH) {
                List<Document> docs = new ArrayList<>(BATCH);
                for (int i = from; i < Math.min(data.length, from + BATCH); i++) {
                    Document doc = new Document();
                    doc.add(new StringField("id", "v" + i, Field.Store.YES));
                    doc.add(new KnnFloatVectorField("vec", data[i], VectorSimilarityFunction.DOT_PRODUCT));
                    docs.add(doc);
                }
                writer.addDocuments(docs);
                writer.commit();
            }
        }
        return data.length / ((System.nanoTime() - start) / 1e9);
    }

    private static double driverIngest(VectorStore store, float[][] data) throws Exception {
        long start = System.nanoTime();
        for (int from = 0; from < data.length; from += BATCH) {
            List<VectorRecord> records = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(data.length, from + BATCH); i++) {
                records.add(new VectorRecord("v" + i, data[i], null, Map.of()));
            }
            await(store.insert("docs", records));
        }
        return data.length / ((System.nanoTime() - start) / 1e9);
    }

    private static List<String> rawSearch(IndexSearcher searcher, float[] query) throws Exception {
        TopDocs top = searcher.search(new KnnFloatVectorQuery("vec", query, CANDIDATES), TOP_K);
        StoredFields stored = searcher.storedFields();
        List<String> ids = new ArrayList<>(TOP_K);
        for (ScoreDoc hit : top.scoreDocs) {
            ids.add(stored.document(hit.doc).get("id"));
        }
        return ids;
    }

    private static List<VectorHit> driverSearch(VectorStore store, float[] query) throws Exception {
        return await(store.search("docs", List.of(query), TOP_K, null, VectorFilter.NONE)).get(0);
    }

    private static double recall(VectorStore store, float[][] data, float[][] queries, int count) throws Exception {
        int sample = Math.min(count, 100);
        double found = 0;
        for (int q = 0; q < sample; q++) {
            Set<String> exact = exactTop(data, queries[q]);
            for (VectorHit hit : driverSearch(store, queries[q])) {
                if (exact.contains(hit.id())) {
                    found++;
                }
            }
        }
        return found / (sample * TOP_K);
    }

    static Set<String> exactTop(float[][] data, float[] query) {
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

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private RuntimeServices services(Path base) {
        return RuntimeServices.of(vertx, base);
    }
}
