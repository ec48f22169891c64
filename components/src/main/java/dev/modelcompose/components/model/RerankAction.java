package dev.modelcompose.components.model;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.model.RerankRequest;
import dev.modelcompose.engine.value.ValueText;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code task: text-reranking}: scores {@code documents} (strings, or mappings whose {@code document_field} holds the
 * text) against {@code query}; gives {@code [{index, score, document?}]} sorted by score, best first, cut by
 * {@code score_threshold} and {@code top_k}; {@code params.normalize} maps cross-encoder logits into 0..1.
 */
final class RerankAction implements ModelAction {
    static final List<String> PARAMS = List.of("normalize");

    private final ModelInstance model;

    RerankAction(ModelInstance model) {
        this.model = model;
    }

    @Override
    public Future<Object> call(CallValues values, CallContext context) {
        String query = values.string("query");
        Object documents = values.raw("documents");
        if (!(documents instanceof List<?> items) || items.isEmpty()) {
            throw new ComponentCallException("documents must be a non-empty list, got "
                    + (documents == null ? "nothing (is the input field set?)" : ValueText.describe(documents)));
        }
        String field = values.has("document_field") ? values.string("document_field") : null;
        List<String> texts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            texts.add(text(items.get(i), i, field));
        }
        Integer topK = values.integer("top_k", 1);
        Double threshold = values.decimal("score_threshold");
        boolean returnDocuments = values.flag("return_documents", true);
        Map<String, Object> params = values.mapping("params");
        CallValues.onlyKnown(params, PARAMS, "text-reranking");
        boolean normalize = CallValues.flag("params.normalize", params.get("normalize"), false);
        RerankRequest request = new RerankRequest(query, List.copyOf(texts), values.integer("max_input_length", 1),
                normalize);
        return model.run(loaded -> loaded.rerank(request)).map(scores -> {
            if (scores == null || scores.size() != texts.size()) {
                throw new ComponentCallException("the model driver returned " + (scores == null ? 0 : scores.size())
                        + " scores for " + texts.size() + " documents");
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < scores.size(); i++) {
                if (threshold == null || scores.get(i) >= threshold) {
                    order.add(i);
                }
            }
            order.sort(Comparator.comparingDouble((Integer i) -> scores.get(i)).reversed());
            List<Object> ranked = new ArrayList<>();
            for (int i : order.subList(0, topK == null ? order.size() : Math.min(topK, order.size()))) {
                Map<String, Object> hit = new LinkedHashMap<>();
                hit.put("index", i);
                hit.put("score", scores.get(i));
                if (returnDocuments) {
                    hit.put("document", items.get(i));
                }
                ranked.add(hit);
            }
            return ranked;
        });
    }

    private static String text(Object document, int index, String field) {
        if (document instanceof String text) {
            return text;
        }
        if (document instanceof Map<?, ?> map) {
            if (field == null) {
                throw new ComponentCallException("documents[" + index + "] is a mapping: set document_field to the"
                        + " key that holds its text");
            }
            Object text = map.get(field);
            if (!(text instanceof String value)) {
                throw new ComponentCallException("documents[" + index + "]." + field + " must be a string, got "
                        + (text == null ? "nothing" : ValueText.describe(text)));
            }
            return value;
        }
        throw new ComponentCallException("documents[" + index + "] must be a string or a mapping, got "
                + ValueText.describe(document));
    }
}
