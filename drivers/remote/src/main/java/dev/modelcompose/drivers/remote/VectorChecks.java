package dev.modelcompose.drivers.remote;

import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStoreException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The input checks every driver makes before writing or searching, in the contract's words. */
public final class VectorChecks {
    private VectorChecks() {
    }

    /**
     * Checks that every vector is non-empty, finite and of one length ({@code expected} when not null); returns that
     * length. {@code ids} names them (null entries: query vectors).
     */
    public static int sameLength(String where, String collection, List<String> ids, List<float[]> vectors, Integer expected) {
        int first = expected == null ? -1 : expected;
        for (int n = 0; n < vectors.size(); n++) {
            float[] vector = vectors.get(n);
            String id = ids == null ? null : ids.get(n);
            if (vector == null || vector.length == 0) {
                throw new VectorStoreException(where + ": " + (id == null ? "a query vector" : "vector '" + id + "'")
                        + " has no values");
            }
            for (int i = 0; i < vector.length; i++) {
                if (!Float.isFinite(vector[i])) {
                    throw VectorStoreException.notFinite(id, i);
                }
            }
            if (first >= 0 && vector.length != first) {
                throw VectorStoreException.dimensionMismatch(collection, first, vector.length);
            }
            first = vector.length;
        }
        return first;
    }

    /** Fails with {@link VectorStoreException#duplicateId} for an id given twice. */
    public static void uniqueIds(String collection, List<VectorRecord> records) {
        Set<String> seen = new HashSet<>();
        for (VectorRecord r : records) {
            if (!seen.add(r.id())) {
                throw VectorStoreException.duplicateId(collection, r.id());
            }
        }
    }
}
