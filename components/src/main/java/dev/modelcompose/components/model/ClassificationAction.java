package dev.modelcompose.components.model;

import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.model.Classification;
import dev.modelcompose.engine.spi.model.ClassificationRequest;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code task: text-classification}: {@code text} (a string or a list), {@code return_probabilities},
 * {@code max_input_length}, {@code batch_size}; gives {@code {label, label_id, probabilities?}} per text.
 */
final class ClassificationAction implements ModelAction {

    /** The settings texts must share to be classified in one batch. */
    record Key(Integer maxInputLength) {
    }

    private final ModelBatcher<Key, Classification> batcher;
    private final int batchSize;

    ClassificationAction(ModelBatcher<Key, Classification> batcher, int batchSize) {
        this.batcher = batcher;
        this.batchSize = batchSize;
    }

    static ModelBatcher.BatchCall<Key, Classification> batchCall() {
        return (model, key, texts) -> model.classify(new ClassificationRequest(texts, key.maxInputLength()));
    }

    @Override
    public Future<Object> call(CallValues values, CallContext context) {
        CallValues.Texts input = values.texts("text");
        boolean probabilities = values.flag("return_probabilities", false);
        Integer limit = values.integer("batch_size", 1);
        Key key = new Key(values.integer("max_input_length", 1));
        return batcher.submit(context.vertx(), key, limit == null ? batchSize : limit, input.texts()).map(results -> {
            List<Object> out = new ArrayList<>(results.size());
            results.forEach(result -> out.add(plain(result, probabilities)));
            return input.list() ? out : out.get(0);
        });
    }

    private static Map<String, Object> plain(Classification result, boolean probabilities) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", result.label());
        out.put("label_id", result.labelId());
        if (probabilities) {
            out.put("probabilities", result.probabilities());
        }
        return out;
    }
}
