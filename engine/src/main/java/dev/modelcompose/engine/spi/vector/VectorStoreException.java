package dev.modelcompose.engine.spi.vector;

/**
 * A vector-store problem a user can act on; its message is shown as is, without a stack trace. The static factories
 * word the problems every driver must report, so that messages agree across drivers (the contract suite tests them).
 */
public class VectorStoreException extends RuntimeException {
    public VectorStoreException(String message) {
        super(message);
    }

    public VectorStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A vector (stored or queried) whose length is not the collection's dimension. */
    public static VectorStoreException dimensionMismatch(String collection, int expected, int actual) {
        return new VectorStoreException("collection '" + collection + "' holds vectors of " + expected
                + " dimensions, got one of " + actual);
    }

    /** A vector (stored or queried) with a NaN or infinite value; {@code id} is null for a query. */
    public static VectorStoreException notFinite(String id, int index) {
        return new VectorStoreException((id == null ? "query vector" : "vector '" + id + "'")
                + " has a NaN or infinite value at index " + index);
    }

    /** An insert of an id that is already stored, or given twice in one call. */
    public static VectorStoreException duplicateId(String collection, String id) {
        return new VectorStoreException("id '" + id + "' already exists in collection '" + collection
                + "' (use update or upsert to replace it)");
    }

    /** An update with insert_if_not_exist of an id that is not stored, without a vector. */
    public static VectorStoreException missingVector(String collection, String id) {
        return new VectorStoreException("id '" + id + "' is not in collection '" + collection
                + "' and has no vector to insert");
    }
}
