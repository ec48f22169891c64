package dev.modelcompose.engine.spi;

/**
 * A vector store backend ({@code driver: lucene}, {@code pgvector}, ...). Registered in
 * {@code META-INF/services/dev.modelcompose.engine.spi.VectorStoreDriver}. Shape only until the vector-store
 * component lands: open a store from its spec, then insert, update, search, delete.
 */
public interface VectorStoreDriver {
    String name();
}
