package dev.modelcompose.drivers.lucene;

import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorHit;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreContract;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The shared vector-store contract against the Lucene driver, on a fresh folder per test, and what only Lucene has. */
class LuceneVectorStoreIT extends VectorStoreContract {

    @Override
    protected VectorStore openStore(VectorStoreSettings settings) {
        return await(new LuceneVectorStoreDriver().open(settings, services()));
    }

    private static VectorStoreSettings with(VectorStoreSettings s, Integer dimensions, VectorMetric metric) {
        return new VectorStoreSettings(s.componentId(), s.collection(), dimensions, metric, s.path(), s.config(),
                s.baseDir());
    }

    @Test
    void reopeningWithAnotherMetricOrDimensionIsAClearError() throws Exception {
        VectorStoreSettings settings = settings(3, VectorMetric.COSINE);
        VectorStore store = openStore(settings);
        await(store.insert(settings.collection(), List.of(rec("a", v(1, 0, 0)))));
        await(store.close());

        VectorStore l2 = openStore(with(settings, 3, VectorMetric.L2));
        String folder = settings.path().resolve(settings.collection()).toString();
        try {
            assertThatThrownBy(() -> await(l2.count(settings.collection(), VectorFilter.NONE)))
                    .isInstanceOf(VectorStoreException.class)
                    .hasMessage("collection '" + settings.collection() + "' in " + folder + " was created with metric "
                            + "cosine, the component says l2 (use the same metric or another collection)");
        } finally {
            await(l2.close());
        }
        VectorStore wider = openStore(with(settings, 4, VectorMetric.COSINE));
        try {
            assertThatThrownBy(() -> await(wider.count(settings.collection(), VectorFilter.NONE)))
                    .isInstanceOf(VectorStoreException.class)
                    .hasMessage("collection '" + settings.collection() + "' in " + folder + " holds vectors of 3 "
                            + "dimensions, the component says 4");
        } finally {
            await(wider.close());
        }
        VectorStore inferred = openStore(with(settings, null, VectorMetric.COSINE));
        try {
            assertThatThrownBy(() -> await(inferred.insert(settings.collection(), List.of(rec("b", v(1, 0))))))
                    .hasMessage(VectorStoreException.dimensionMismatch(settings.collection(), 3, 2).getMessage());
        } finally {
            await(inferred.close());
        }
    }

    @Test
    void vectorsWiderThanLucenesDefaultLimitWork() throws Exception {
        VectorStoreSettings settings = settings(1536, VectorMetric.COSINE);
        VectorStore store = openStore(settings);
        try {
            Random random = new Random(7);
            float[][] vectors = new float[20][1536];
            for (float[] vector : vectors) {
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = (float) random.nextGaussian();
                }
            }
            for (int i = 0; i < vectors.length; i++) {
                await(store.insert(settings.collection(), List.of(rec("v" + i, vectors[i]))));
            }
            List<VectorHit> hits = await(store.search(settings.collection(), List.of(vectors[7]), 1, null,
                    VectorFilter.NONE)).get(0);
            assertThat(hits.get(0).id()).isEqualTo("v7");
            assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-5));
        } finally {
            await(store.close());
        }
    }

    @Test
    void aCollectionNameThatIsNoFolderNameIsAnError() throws Exception {
        VectorStoreSettings settings = settings(3, VectorMetric.COSINE);
        VectorStore store = openStore(settings);
        try {
            assertThatThrownBy(() -> await(store.insert("../escape", List.of(rec("a", v(1, 0, 0))))))
                    .isInstanceOf(VectorStoreException.class)
                    .hasMessage("collection name '../escape' is not allowed: use letters, digits, '_', '-' and '.' "
                            + "(not first), at most 128");
        } finally {
            await(store.close());
        }
    }

    @Test
    void aSecondStoreOnTheSameFolderInThisProcessIsAnError() throws Exception {
        VectorStoreSettings settings = settings(3, VectorMetric.COSINE);
        VectorStore store = openStore(settings);
        try {
            assertThatThrownBy(() -> openStore(settings)).isInstanceOf(VectorStoreException.class)
                    .hasMessage("the vector store folder " + settings.path() + " is already open in this process: "
                            + "give each vector-store component its own path");
        } finally {
            await(store.close());
        }
    }

    @Test
    void aClosedStoreSaysSo() throws Exception {
        VectorStoreSettings settings = settings(3, VectorMetric.COSINE);
        VectorStore store = openStore(settings);
        await(store.close());

        assertThatThrownBy(() -> await(store.count(settings.collection(), VectorFilter.NONE)))
                .isInstanceOf(VectorStoreException.class)
                .hasMessage("the vector store at " + settings.path() + " is closed");
    }

    @Test
    void metadataListsMatchAnyElement() throws Exception {
        VectorStoreSettings settings = settings(2, VectorMetric.L2);
        VectorStore store = openStore(settings);
        try {
            await(store.insert(settings.collection(), List.of(
                    new VectorRecord("a", v(0, 0), null, Map.of("tags", List.of("x", "y"))),
                    new VectorRecord("b", v(1, 1), null, Map.of("tags", List.of("z"))))));
            assertThat(await(store.count(settings.collection(),
                    where("tags", VectorFilter.Operator.EQ, "y")))).isEqualTo(1L);
            assertThat(await(store.get(settings.collection(), List.of("a"))).get(0).metadata())
                    .isEqualTo(Map.of("tags", List.of("x", "y")));
        } finally {
            await(store.close());
        }
    }
}
