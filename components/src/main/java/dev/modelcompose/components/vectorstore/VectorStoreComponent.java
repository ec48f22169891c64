package dev.modelcompose.components.vectorstore;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.runtime.Ulid;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorHit;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreDriver;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import dev.modelcompose.engine.value.ValueText;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@code type: vector-store} component: opens its driver's store in {@link #start} and closes it in {@link #stop};
 * each call checks its request (vector lengths, NaN, list lengths, filter) before the store sees it.
 */
final class VectorStoreComponent implements Component {
    private final ComponentSpec spec;
    private final VectorStoreDriver driver;
    private final Function<Path, VectorStoreSettings> settingsFor;
    private final Map<String, VectorStoreAction> actions;
    private volatile VectorStoreSettings settings;
    private volatile VectorStore store;

    VectorStoreComponent(ComponentSpec spec, VectorStoreDriver driver, Function<Path, VectorStoreSettings> settingsFor,
                         Map<String, VectorStoreAction> actions) {
        this.spec = spec;
        this.driver = driver;
        this.settingsFor = settingsFor;
        this.actions = actions;
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public Set<String> resultSources() {
        return Set.of(Sources.RESULT);
    }

    @Override
    public synchronized Future<Void> start(RuntimeServices services) {
        if (store != null) {
            return Future.succeededFuture();
        }
        VectorStoreSettings resolved = settingsFor.apply(services.baseDir());
        return driver.open(resolved, services).map(opened -> {
            synchronized (this) {
                settings = resolved;
                store = opened;
            }
            return null;
        });
    }

    @Override
    public synchronized Future<Void> stop() {
        VectorStore open = store;
        store = null;
        return open == null ? Future.succeededFuture() : open.close();
    }

    @Override
    public Future<Object> call(ActionSpec actionSpec, Object input, CallContext context) {
        VectorStoreAction action = actions.get(actionSpec.id());
        if (action == null) {
            return Future.failedFuture(new ComponentCallException("component '" + spec.id() + "' has no action '"
                    + actionSpec.id() + "'"));
        }
        VectorStore open = store;
        if (open == null) {
            return Future.failedFuture(new ComponentCallException("vector store '" + spec.id() + "' is not open"));
        }
        Scope scope = CallScope.of(input, context);
        Future<Object> raw;
        try {
            raw = run(action, open, scope);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return raw.map(result -> action.output().apply(result, scope.with(Sources.RESULT, result)));
    }

    private static Object render(Template template, Scope scope) {
        return template == null ? null : template.render(scope);
    }

    private Future<Object> run(VectorStoreAction action, VectorStore open, Scope scope) {
        Object collectionValue = render(action.collection(), scope);
        String collection = collectionValue == null ? settings.collection() : ValueText.of(collectionValue);
        if (collection.isBlank()) {
            throw new ComponentCallException("collection is empty");
        }
        Integer dimensions = settings.dimensions();
        return switch (action.method()) {
            case INSERT -> insert(action, open, scope, collection, dimensions);
            case UPDATE, UPSERT -> update(action, open, scope, collection, dimensions);
            case SEARCH -> search(action, open, scope, collection, dimensions);
            case DELETE -> delete(action, open, scope, collection);
            case GET -> get(action, open, scope, collection);
            case COUNT -> open.count(collection, VectorFilters.parse(render(action.filter(), scope)))
                    .map(n -> (Object) n);
        };
    }

    private Future<Object> insert(VectorStoreAction action, VectorStore open, Scope scope, String collection,
                                  Integer dimensions) {
        Object vectorValue = render(action.vector(), scope);
        if (vectorValue == null) {
            throw new ComponentCallException("insert needs vector");
        }
        VectorInputs.Vectors vectors = VectorInputs.vectors("vector", vectorValue, dimensions);
        int n = vectors.vectors().size();
        List<String> ids = VectorInputs.ids(render(action.vectorId(), scope));
        if (ids == null) {
            ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(Ulid.next());
            }
        }
        List<Map<String, Object>> metadata = VectorInputs.metadata(render(action.metadata(), scope), vectors.many());
        List<String> documents = VectorInputs.documents(render(action.document(), scope), vectors.many());
        VectorInputs.sameLength("vector_id", ids, n, "vector");
        VectorInputs.sameLength("metadata", metadata, n, "vector");
        VectorInputs.sameLength("document", documents, n, "vector");
        List<VectorRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> meta = metadata == null || metadata.get(i) == null ? Map.of() : metadata.get(i);
            records.add(new VectorRecord(ids.get(i), vectors.vectors().get(i),
                    documents == null ? null : documents.get(i), meta));
        }
        List<String> inserted = List.copyOf(ids);
        return open.insert(collection, records).map(done -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ids", inserted);
            result.put("affected_rows", n);
            return result;
        });
    }

    private Future<Object> update(VectorStoreAction action, VectorStore open, Scope scope, String collection,
                                  Integer dimensions) {
        Object idValue = render(action.vectorId(), scope);
        List<String> ids = VectorInputs.ids(idValue);
        if (ids == null) {
            throw new ComponentCallException(action.method().id() + " needs vector_id");
        }
        boolean many = idValue instanceof List<?>;
        int n = ids.size();
        Object vectorValue = render(action.vector(), scope);
        List<float[]> vectors = null;
        if (vectorValue != null) {
            VectorInputs.Vectors given = VectorInputs.vectors("vector", vectorValue, dimensions);
            vectors = given.vectors();
            VectorInputs.sameLength("vector", vectors, n, "vector_id");
        }
        List<Map<String, Object>> metadata = VectorInputs.metadata(render(action.metadata(), scope), many);
        List<String> documents = VectorInputs.documents(render(action.document(), scope), many);
        VectorInputs.sameLength("metadata", metadata, n, "vector_id");
        VectorInputs.sameLength("document", documents, n, "vector_id");
        boolean insertIfNotExist = action.method() == VectorMethod.UPSERT
                || ConfigFields.truth(render(action.insertIfNotExist(), scope), "insert_if_not_exist");
        List<VectorRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(new VectorRecord(ids.get(i), vectors == null ? null : vectors.get(i),
                    documents == null ? null : documents.get(i), metadata == null ? null : metadata.get(i)));
        }
        return open.update(collection, records, insertIfNotExist).map(written -> Map.of("affected_rows", written));
    }

    private Future<Object> search(VectorStoreAction action, VectorStore open, Scope scope, String collection,
                                  Integer dimensions) {
        Object queryValue = render(action.query(), scope);
        if (queryValue == null) {
            throw new ComponentCallException("search needs query");
        }
        VectorInputs.Vectors queries = VectorInputs.vectors("query", queryValue, dimensions);
        int topK = topK(render(action.topK(), scope));
        Double threshold = threshold(render(action.scoreThreshold(), scope));
        VectorFilter filter = VectorFilters.parse(render(action.filter(), scope));
        List<String> fields = outputFields(render(action.outputFields(), scope));
        return open.search(collection, queries.vectors(), topK, threshold, filter).map(results -> {
            List<Object> lists = new ArrayList<>(results.size());
            for (List<VectorHit> hits : results) {
                List<Object> out = new ArrayList<>(hits.size());
                for (VectorHit hit : hits) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("id", hit.id());
                    item.put("score", hit.score());
                    item.put("distance", hit.distance());
                    item.put("document", hit.document());
                    item.put("metadata", select(hit.metadata(), fields));
                    out.add(item);
                }
                lists.add(out);
            }
            return queries.many() ? lists : lists.get(0);
        });
    }

    private Future<Object> delete(VectorStoreAction action, VectorStore open, Scope scope, String collection) {
        List<String> ids = VectorInputs.ids(render(action.vectorId(), scope));
        VectorFilter filter = VectorFilters.parse(render(action.filter(), scope));
        if (ids == null && filter.isEmpty()) {
            throw new ComponentCallException("delete needs vector_id or a filter");
        }
        return open.delete(collection, ids, filter).map(deleted -> Map.of("affected_rows", deleted));
    }

    private Future<Object> get(VectorStoreAction action, VectorStore open, Scope scope, String collection) {
        List<String> ids = VectorInputs.ids(render(action.vectorId(), scope));
        if (ids == null) {
            throw new ComponentCallException("get needs vector_id");
        }
        List<String> fields = outputFields(render(action.outputFields(), scope));
        return open.get(collection, ids).map(records -> {
            List<Object> out = new ArrayList<>(records.size());
            for (VectorRecord record : records) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", record.id());
                item.put("vector", record.vector() == null ? null : VectorInputs.values(record.vector()));
                item.put("document", record.document());
                item.put("metadata", select(record.metadata(), fields));
                out.add(item);
            }
            return out;
        });
    }

    private static int topK(Object value) {
        if (value == null) {
            return 10;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() >= 1) {
            return n.intValue();
        }
        throw new ComponentCallException("top_k must be a whole number of at least 1, got " + ValueText.describe(value));
    }

    private static Double threshold(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new ComponentCallException("score_threshold must be a number, got " + ValueText.describe(value));
    }

    private static List<String> outputFields(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list && list.stream().allMatch(x -> x instanceof String)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new ComponentCallException("output_fields must be a list of metadata keys, got "
                + ValueText.describe(value));
    }

    private static Map<String, Object> select(Map<String, Object> metadata, List<String> fields) {
        Map<String, Object> all = metadata == null ? Map.of() : metadata;
        if (fields == null) {
            return all;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : fields) {
            if (all.containsKey(field)) {
                out.put(field, all.get(field));
            }
        }
        return out;
    }
}
