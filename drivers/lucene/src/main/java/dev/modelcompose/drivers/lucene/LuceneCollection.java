package dev.modelcompose.drivers.lucene;

import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorHit;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One collection: a Lucene index in its own folder, with one {@link IndexWriter} (writes are serialised and each
 * commits before it returns) and a {@link SearcherManager} (reads run concurrently and see every committed write).
 * Its dimension and metric are kept in the commit's user data. All methods block: callers run them on workers.
 */
final class LuceneCollection implements AutoCloseable {
    /** Vectors up to this many dimensions (Lucene's default limit is 1024; OpenAI embeddings have 1536 or 3072). */
    static final int MAX_DIMENSIONS = 4096;
    /**
     * How many nearest candidates the HNSW search collects before the best {@code top_k} are kept (at least
     * {@code top_k}): more candidates, better recall (0.95+ at 10 on 384-d vectors, see benchmarks/README.md).
     */
    static final int CANDIDATES = 100;
    private static final String DIMENSIONS_KEY = "compose.dimensions";
    private static final String METRIC_KEY = "compose.metric";

    private final String name;
    private final Path folder;
    private final VectorMetric metric;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private volatile Integer dimensions;

    private LuceneCollection(String name, Path folder, VectorMetric metric, Integer dimensions, Directory directory,
                             IndexWriter writer) throws IOException {
        this.name = name;
        this.folder = folder;
        this.metric = metric;
        this.dimensions = dimensions;
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
    }

    /** Opens the collection's index, creating it when absent; checks the stored dimension and metric. */
    static LuceneCollection open(String name, Path folder, VectorMetric metric, Integer dimensions) throws IOException {
        Directory directory = FSDirectory.open(folder);
        IndexWriter writer;
        try {
            writer = new IndexWriter(directory, config());
        } catch (LockObtainFailedException e) {
            directory.close();
            throw new VectorStoreException("the vector index " + folder + " is in use by another process (lock "
                    + folder.resolve(IndexWriter.WRITE_LOCK_NAME) + "); stop the other run or use another path");
        }
        try {
            Map<String, String> data = new HashMap<>();
            Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
            if (live != null) {
                live.forEach(e -> data.put(e.getKey(), e.getValue()));
            }
            String storedMetric = data.get(METRIC_KEY);
            if (storedMetric != null && !storedMetric.equals(metric.id())) {
                throw new VectorStoreException("collection '" + name + "' in " + folder + " was created with metric "
                        + storedMetric + ", the component says " + metric.id()
                        + " (use the same metric or another collection)");
            }
            Integer stored = data.containsKey(DIMENSIONS_KEY) ? Integer.valueOf(data.get(DIMENSIONS_KEY)) : null;
            if (stored != null && dimensions != null && !stored.equals(dimensions)) {
                throw new VectorStoreException("collection '" + name + "' in " + folder + " holds vectors of "
                        + stored + " dimensions, the component says " + dimensions);
            }
            return new LuceneCollection(name, folder, metric, stored != null ? stored : dimensions, directory, writer);
        } catch (RuntimeException | IOException e) {
            writer.rollback();
            directory.close();
            throw e;
        }
    }

    private static IndexWriterConfig config() {
        IndexWriterConfig config = new IndexWriterConfig();
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setCodec(new WideVectorCodec());
        config.setRAMBufferSizeMB(64);
        return config;
    }

    Path folder() {
        return folder;
    }

    /** False once a failed write rolled the index back: the store then opens it again. */
    boolean isOpen() {
        return writer.isOpen();
    }

    Integer dimensions() {
        return dimensions;
    }

    // ------------------------------------------------------------------ writes (serialised)

    synchronized void insert(List<VectorRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        Integer dims = checkVectors(records, false);
        Set<String> seen = new HashSet<>();
        for (VectorRecord record : records) {
            if (!seen.add(record.id())) {
                throw VectorStoreException.duplicateId(name, record.id());
            }
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            // one query for the whole batch; only when it finds something, one per id to name the first
            List<BytesRef> terms = records.stream().map(r -> new BytesRef(r.id())).toList();
            if (searcher.count(new TermInSetQuery(RecordDocuments.ID, terms)) > 0) {
                for (VectorRecord record : records) {
                    if (searcher.count(new TermQuery(new Term(RecordDocuments.ID, record.id()))) > 0) {
                        throw VectorStoreException.duplicateId(name, record.id());
                    }
                }
            }
        } finally {
            searchers.release(searcher);
        }
        List<Document> docs = new ArrayList<>(records.size());
        for (VectorRecord record : records) {
            docs.add(RecordDocuments.toDocument(record, metric));
        }
        write(dims, () -> writer.addDocuments(docs));
    }

    synchronized int update(List<VectorRecord> records, boolean insertIfNotExist) throws IOException {
        if (records.isEmpty()) {
            return 0;
        }
        Integer dims = checkVectors(records, true);
        List<VectorRecord> merged = new ArrayList<>();
        IndexSearcher searcher = searchers.acquire();
        try {
            Map<String, VectorRecord> pending = new HashMap<>();
            for (VectorRecord record : records) {
                VectorRecord existing = pending.containsKey(record.id()) ? pending.get(record.id())
                        : find(searcher, record.id(), true);
                if (existing == null) {
                    if (!insertIfNotExist) {
                        continue;
                    }
                    if (record.vector() == null) {
                        throw VectorStoreException.missingVector(name, record.id());
                    }
                    existing = new VectorRecord(record.id(), null, null, Map.of());
                }
                VectorRecord next = new VectorRecord(record.id(),
                        record.vector() != null ? record.vector() : existing.vector(),
                        record.document() != null ? record.document() : existing.document(),
                        record.metadata() != null ? record.metadata() : existing.metadata());
                pending.put(record.id(), next);
                merged.add(next);
            }
        } finally {
            searchers.release(searcher);
        }
        if (merged.isEmpty()) {
            return 0;
        }
        write(dims, () -> {
            for (VectorRecord record : merged) {
                writer.updateDocument(new Term(RecordDocuments.ID, record.id()),
                        RecordDocuments.toDocument(record, metric));
            }
        });
        return merged.size();
    }

    synchronized int delete(List<String> ids, VectorFilter filter) throws IOException {
        boolean byIds = ids != null;
        boolean byFilter = filter != null && !filter.isEmpty();
        if (!byIds && !byFilter || byIds && ids.isEmpty()) {
            return 0;
        }
        Query query = deletion(ids, filter);
        searchers.maybeRefreshBlocking();
        IndexSearcher searcher = searchers.acquire();
        int matching;
        try {
            matching = searcher.count(query);
        } finally {
            searchers.release(searcher);
        }
        if (matching == 0) {
            return 0;
        }
        write(dimensions, () -> writer.deleteDocuments(query));
        return matching;
    }

    private static Query deletion(List<String> ids, VectorFilter filter) {
        Query byFilter = FilterQueries.of(filter);
        if (ids == null) {
            return byFilter;
        }
        org.apache.lucene.search.BooleanQuery.Builder anyId = new org.apache.lucene.search.BooleanQuery.Builder();
        new HashSet<>(ids).forEach(id -> anyId.add(new TermQuery(new Term(RecordDocuments.ID, id)),
                org.apache.lucene.search.BooleanClause.Occur.SHOULD));
        return new org.apache.lucene.search.BooleanQuery.Builder()
                .add(anyId.build(), org.apache.lucene.search.BooleanClause.Occur.FILTER)
                .add(byFilter, org.apache.lucene.search.BooleanClause.Occur.FILTER)
                .build();
    }

    private interface Write {
        void run() throws IOException;
    }

    /** Applies a change and commits it with the collection's dimension and metric; on failure rolls back to the last commit. */
    private void write(Integer dims, Write change) throws IOException {
        try {
            change.run();
            Map<String, String> data = new HashMap<>();
            data.put(METRIC_KEY, metric.id());
            if (dims != null) {
                data.put(DIMENSIONS_KEY, Integer.toString(dims));
            }
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
            dimensions = dims;
        } catch (IOException | RuntimeException e) {
            // drop what this call added since the last commit; rollback closes the writer, the store reopens it
            writer.rollback();
            throw e;
        }
        searchers.maybeRefreshBlocking();
    }

    /** Checks lengths and values; returns the collection's dimension (the first vector's when not known yet). */
    private Integer checkVectors(List<VectorRecord> records, boolean vectorsOptional) {
        Integer dims = dimensions;
        for (VectorRecord record : records) {
            float[] vector = record.vector();
            if (vector == null) {
                if (vectorsOptional) {
                    continue;
                }
                throw new VectorStoreException("record '" + record.id() + "' has no vector");
            }
            if (dims == null) {
                dims = vector.length;
            }
            checkVector(record.id(), vector, dims);
        }
        return dims;
    }

    private void checkVector(String id, float[] vector, int dims) {
        if (vector.length != dims) {
            throw VectorStoreException.dimensionMismatch(name, dims, vector.length);
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw VectorStoreException.notFinite(id, i);
            }
        }
        if (vector.length == 0 || vector.length > MAX_DIMENSIONS) {
            throw new VectorStoreException("collection '" + name + "': a vector needs 1 to " + MAX_DIMENSIONS
                    + " dimensions, got " + vector.length);
        }
    }

    // ------------------------------------------------------------------ reads (concurrent)

    List<List<VectorHit>> search(List<float[]> queries, int topK, Double scoreThreshold, VectorFilter filter)
            throws IOException {
        Integer dims = dimensions;
        for (float[] query : queries) {
            checkVector(null, query, dims == null ? query.length : dims);
        }
        Query filterQuery = filter == null || filter.isEmpty() ? null : FilterQueries.of(filter);
        IndexSearcher searcher = searchers.acquire();
        try {
            List<List<VectorHit>> results = new ArrayList<>(queries.size());
            int live = searcher.getIndexReader().numDocs();
            for (float[] query : queries) {
                if (live == 0 || dims == null) {
                    results.add(List.of());
                    continue;
                }
                // when k covers the collection, a match-all filter makes Lucene search exactly
                Query pre = filterQuery == null && topK >= live ? new MatchAllDocsQuery() : filterQuery;
                int candidates = Math.max(topK, CANDIDATES);
                KnnFloatVectorQuery knn = new KnnFloatVectorQuery(RecordDocuments.VECTOR,
                        RecordDocuments.indexed(query, metric), candidates, pre);
                // best first by Lucene's score, which orders as the metric does; only the kept ones are read
                TopDocs top = searcher.search(knn, topK);
                results.add(hits(searcher, top, query, scoreThreshold));
            }
            return results;
        } finally {
            searchers.release(searcher);
        }
    }

    private List<VectorHit> hits(IndexSearcher searcher, TopDocs top, float[] query, Double scoreThreshold)
            throws IOException {
        List<VectorHit> hits = new ArrayList<>(top.scoreDocs.length);
        var stored = searcher.storedFields();
        for (ScoreDoc scoreDoc : top.scoreDocs) {
            Document doc = stored.document(scoreDoc.doc);
            // exact figures from the vector as given, in double: the same numbers every driver reports
            double raw = metric.measure(query, RecordDocuments.vector(doc));
            double score = metric.score(raw);
            if (scoreThreshold != null && score < scoreThreshold) {
                continue;
            }
            hits.add(new VectorHit(doc.get(RecordDocuments.ID), score, metric.distance(raw),
                    RecordDocuments.document(doc), RecordDocuments.metadata(doc)));
        }
        hits.sort(Comparator.comparingDouble(VectorHit::score).reversed());
        return hits;
    }

    List<VectorRecord> get(List<String> ids) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            List<VectorRecord> found = new ArrayList<>();
            for (String id : ids) {
                VectorRecord record = find(searcher, id, true);
                if (record != null) {
                    found.add(record);
                }
            }
            return found;
        } finally {
            searchers.release(searcher);
        }
    }

    private static VectorRecord find(IndexSearcher searcher, String id, boolean withVector) throws IOException {
        TopDocs top = searcher.search(new TermQuery(new Term(RecordDocuments.ID, id)), 1);
        if (top.scoreDocs.length == 0) {
            return null;
        }
        return RecordDocuments.toRecord(searcher.storedFields().document(top.scoreDocs[0].doc), withVector);
    }

    long count(VectorFilter filter) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return filter == null || filter.isEmpty() ? searcher.getIndexReader().numDocs()
                    : searcher.count(FilterQueries.of(filter));
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            searchers.close();
            if (writer.isOpen()) {
                writer.close();
            }
        } finally {
            directory.close();
        }
    }

    /** The default codec with vectors allowed up to {@link #MAX_DIMENSIONS} dimensions. */
    private static final class WideVectorCodec extends org.apache.lucene.codecs.FilterCodec {
        private final KnnVectorsFormat vectors = new WideVectorsFormat();

        WideVectorCodec() {
            super("Lucene912", new Lucene912Codec());
        }

        @Override
        public KnnVectorsFormat knnVectorsFormat() {
            return new org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return vectors;
                }
            };
        }
    }

    /** Lucene's HNSW format under its own name (so indexes read back with the standard codec), wider. */
    private static final class WideVectorsFormat extends KnnVectorsFormat {
        private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();

        WideVectorsFormat() {
            super("Lucene99HnswVectorsFormat");
        }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return delegate.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return delegate.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return MAX_DIMENSIONS;
        }
    }
}
