package dev.modelcompose.drivers.lucene;

import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreContract;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;

/** The shared vector-store contract against the Lucene driver, on a fresh folder per test. */
class LuceneVectorStoreIT extends VectorStoreContract {

    @Override
    protected VectorStore openStore(VectorStoreSettings settings) {
        return await(new LuceneVectorStoreDriver().open(settings, services()));
    }
}
