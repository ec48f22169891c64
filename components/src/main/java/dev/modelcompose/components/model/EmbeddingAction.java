package dev.modelcompose.components.model;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code task: text-embedding}: {@code text} (a string gives one vector, a list a list of vectors),
 * {@code params: {pooling: mean|cls|max, normalize: true}}, {@code max_input_length}, {@code batch_size}.
 * Calls with the same settings share batches.
 */
final class EmbeddingAction implements ModelAction {
    static final List<String> PARAMS = List.of("pooling", "normalize");
    static final List<String> POOLING = List.of("mean", "cls", "max");

    /** The settings texts must share to be embedded in one batch. */
    record Key(String pooling, boolean normalize, Integer maxInputLength) {
    }

    private final ModelBatcher<Key, float[]> batcher;
    private final int batchSize;

    EmbeddingAction(ModelBatcher<Key, float[]> batcher, int batchSize) {
        this.batcher = batcher;
        this.batchSize = batchSize;
    }

    static ModelBatcher.BatchCall<Key, float[]> batchCall() {
        return (model, key, texts) -> model.embed(new EmbeddingRequest(texts, key.pooling(), key.normalize(),
                key.maxInputLength()));
    }

    @Override
    public Future<Object> call(CallValues values, CallContext context) {
        CallValues.Texts input = values.texts("text");
        Map<String, Object> params = values.mapping("params");
        CallValues.onlyKnown(params, PARAMS, "text-embedding");
        Object pooling = params.get("pooling");
        if (pooling != null && !POOLING.contains(String.valueOf(pooling))) {
            throw new ComponentCallException("params.pooling must be mean, cls or max, got '" + pooling + "'");
        }
        boolean normalize = CallValues.flag("params.normalize", params.get("normalize"), true);
        Integer limit = values.integer("batch_size", 1);
        Key key = new Key(pooling == null ? null : String.valueOf(pooling), normalize,
                values.integer("max_input_length", 1));
        return batcher.submit(context.vertx(), key, limit == null ? batchSize : limit, input.texts()).map(vectors -> {
            List<Object> out = new ArrayList<>(vectors.size());
            vectors.forEach(vector -> out.add(plain(vector)));
            return input.list() ? out : out.get(0);
        });
    }

    /** A vector as a list of numbers, each written as its float is (0.1f as 0.1, not 0.10000000149011612). */
    static List<Double> plain(float[] vector) {
        List<Double> out = new ArrayList<>(vector.length);
        for (float value : vector) {
            out.add(Double.parseDouble(Float.toString(value)));
        }
        return out;
    }
}
