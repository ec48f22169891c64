package dev.modelcompose.engine.spi.vector;

import io.vertx.core.Future;

import java.util.List;

/**
 * An open vector store, shared by every run of its component. Methods never block the calling thread; they fail
 * with a {@link VectorStoreException} whose message a user can act on (wrong dimension, unreachable host:port, ...).
 * A call that failed leaves what was stored before it intact. {@code collection} is never null.
 */
public interface VectorStore {

    /** Adds records (ids already set); an id that exists is an error. Durable once the future succeeds. */
    Future<Void> insert(String collection, List<VectorRecord> records);

    /**
     * Replaces the records with these ids (a null vector, document or metadata keeps the stored one). Ids that do not
     * exist are inserted when {@code insertIfNotExist} (a null vector is then an error), else skipped.
     *
     * @return how many records were written
     */
    Future<Integer> update(String collection, List<VectorRecord> records, boolean insertIfNotExist);

    /**
     * The {@code topK} nearest records to each query, best first, among those matching {@code filter}, dropping
     * hits whose score is below {@code scoreThreshold} (null: keep all). One list per query, in order.
     */
    Future<List<List<VectorHit>>> search(String collection, List<float[]> queries, int topK, Double scoreThreshold,
                                         VectorFilter filter);

    /** Deletes by ids (when not null) and/or by filter (when not empty); returns how many were deleted. */
    Future<Integer> delete(String collection, List<String> ids, VectorFilter filter);

    /** The records with these ids that exist, in the order asked, vectors included. */
    Future<List<VectorRecord>> get(String collection, List<String> ids);

    /** How many records match {@code filter}. */
    Future<Long> count(String collection, VectorFilter filter);

    /** Releases connections, files and locks. */
    Future<Void> close();
}
