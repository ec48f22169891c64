package dev.modelcompose.drivers.qdrant;

import dev.modelcompose.drivers.remote.JsonVectors;
import dev.modelcompose.drivers.remote.RestClient;
import dev.modelcompose.drivers.remote.VectorChecks;
import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorHit;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A Qdrant store. Qdrant point ids are UUIDs: each record's id becomes a name-based UUID, and the payload keeps
 * {@code id}, {@code document} and {@code metadata}. Qdrant normalises vectors of Cosine collections, so for cosine
 * the payload also keeps the vector as given ({@code vector}), which {@code get} returns. Qdrant's scores are already
 * the cosine similarity, the dot product or (Euclid) the distance; {@link VectorMetric} turns them into hits.
 */
final class QdrantStore implements VectorStore {
    private final RestClient rest;
    private final VectorStoreSettings settings;
    private final String where;
    private final Map<String, Integer> dimensions = new ConcurrentHashMap<>();
    private final Map<String, Future<Integer>> creating = new ConcurrentHashMap<>();

    QdrantStore(RestClient rest, VectorStoreSettings settings) {
        this.rest = rest;
        this.settings = settings;
        this.where = "vector store '" + settings.componentId() + "'";
    }

    @Override
    public Future<Void> insert(String collection, List<VectorRecord> records) {
        return guard(() -> {
            String c = path(collection);
            if (records.isEmpty()) {
                return Future.succeededFuture();
            }
            int dim = VectorChecks.sameLength(where, collection, records.stream().map(VectorRecord::id).toList(),
                    records.stream().map(VectorRecord::vector).toList(), settings.dimensions());
            VectorChecks.uniqueIds(collection, records);
            return ensureCollection(collection, dim)
                    .compose(ignored -> retrieve(c, records.stream().map(VectorRecord::id).toList(), false))
                    .compose(existing -> {
                        for (VectorRecord r : records) {
                            if (existing.containsKey(r.id())) {
                                return Future.failedFuture(VectorStoreException.duplicateId(collection, r.id()));
                            }
                        }
                        return upsert(c, records);
                    });
        });
    }

    @Override
    public Future<Integer> update(String collection, List<VectorRecord> records, boolean insertIfNotExist) {
        return guard(() -> {
            String c = path(collection);
            if (records.isEmpty()) {
                return Future.succeededFuture(0);
            }
            List<VectorRecord> withVectors = records.stream().filter(r -> r.vector() != null).toList();
            Integer dim = withVectors.isEmpty() ? null : VectorChecks.sameLength(where, collection,
                    withVectors.stream().map(VectorRecord::id).toList(),
                    withVectors.stream().map(VectorRecord::vector).toList(), settings.dimensions());
            Future<Integer> table = dim != null && insertIfNotExist ? ensureCollection(collection, dim)
                    : existingDimension(collection);
            return table.compose(existingDim -> {
                if (existingDim != null && dim != null && !existingDim.equals(dim)) {
                    return Future.failedFuture(VectorStoreException.dimensionMismatch(collection, existingDim, dim));
                }
                Future<Map<String, StoredPoint>> existing = existingDim == null ? Future.succeededFuture(Map.of())
                        : retrieve(c, records.stream().map(VectorRecord::id).toList(), true);
                return existing.compose(found -> {
                    List<VectorRecord> merged = new ArrayList<>();
                    for (VectorRecord r : records) {
                        StoredPoint old = found.get(r.id());
                        if (old == null) {
                            if (!insertIfNotExist) {
                                continue;
                            }
                            if (r.vector() == null) {
                                return Future.failedFuture(VectorStoreException.missingVector(collection, r.id()));
                            }
                            merged.add(new VectorRecord(r.id(), r.vector(), r.document(),
                                    r.metadata() == null ? Map.of() : r.metadata()));
                        } else {
                            merged.add(new VectorRecord(r.id(), r.vector() != null ? r.vector() : old.record.vector(),
                                    r.document() != null ? r.document() : old.record.document(),
                                    r.metadata() != null ? r.metadata() : old.record.metadata()));
                        }
                    }
                    if (merged.isEmpty()) {
                        return Future.succeededFuture(0);
                    }
                    return upsert(c, merged).map(ignored -> merged.size());
                });
            });
        });
    }

    @Override
    public Future<List<List<VectorHit>>> search(String collection, List<float[]> queries, int topK,
                                                Double scoreThreshold, VectorFilter filter) {
        return guard(() -> {
            String c = path(collection);
            if (queries.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            int dim = VectorChecks.sameLength(where, collection, null, queries, settings.dimensions());
            JsonObject qdrantFilter = QdrantFilter.of(filter, null);
            VectorMetric metric = settings.metric();
            return existingDimension(collection).compose(existingDim -> {
                if (existingDim == null) {
                    return Future.succeededFuture(queries.stream().map(q -> List.<VectorHit>of()).toList());
                }
                if (existingDim != dim) {
                    return Future.failedFuture(VectorStoreException.dimensionMismatch(collection, existingDim, dim));
                }
                List<Future<List<VectorHit>>> each = new ArrayList<>();
                for (float[] query : queries) {
                    JsonObject body = new JsonObject().put("vector", JsonVectors.toJson(query)).put("limit", topK)
                            .put("with_payload", true).put("with_vector", false);
                    if (qdrantFilter != null) {
                        body.put("filter", qdrantFilter);
                    }
                    each.add(rest.call(HttpMethod.POST, "/collections/" + c + "/points/search", body).map(answer -> {
                        List<VectorHit> hits = new ArrayList<>();
                        for (Object item : ((JsonObject) answer).getJsonArray("result")) {
                            JsonObject point = (JsonObject) item;
                            double raw = point.getDouble("score");
                            double score = metric.score(raw);
                            if (scoreThreshold != null && score < scoreThreshold) {
                                continue;
                            }
                            JsonObject payload = point.getJsonObject("payload", new JsonObject());
                            hits.add(new VectorHit(payload.getString("id"), score, metric.distance(raw),
                                    payload.getString("document"), metadata(payload)));
                        }
                        return hits;
                    }));
                }
                return Future.all(each).map(all -> each.stream().map(Future::result).toList());
            });
        });
    }

    @Override
    public Future<Integer> delete(String collection, List<String> ids, VectorFilter filter) {
        return guard(() -> {
            String c = path(collection);
            if ((ids != null && ids.isEmpty()) || (ids == null && (filter == null || filter.isEmpty()))) {
                return Future.succeededFuture(0);
            }
            JsonObject qdrantFilter = QdrantFilter.of(filter, ids == null ? null : ids.stream().map(QdrantStore::pointId).toList());
            return countWhere(c, qdrantFilter).compose(n -> n == 0 ? Future.succeededFuture(0)
                    : rest.call(HttpMethod.POST, "/collections/" + c + "/points/delete?wait=true",
                    new JsonObject().put("filter", qdrantFilter)).map(ignored -> n.intValue()));
        });
    }

    @Override
    public Future<List<VectorRecord>> get(String collection, List<String> ids) {
        return guard(() -> {
            String c = path(collection);
            if (ids.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            return retrieve(c, ids, true).map(found -> ids.stream().distinct().filter(found::containsKey)
                    .map(id -> found.get(id).record).toList());
        });
    }

    @Override
    public Future<Long> count(String collection, VectorFilter filter) {
        return guard(() -> countWhere(path(collection), QdrantFilter.of(filter, null)));
    }

    @Override
    public Future<Void> close() {
        return rest.close();
    }

    // --- Qdrant calls --------------------------------------------------------------------------------------------

    private record StoredPoint(VectorRecord record) {
    }

    private Future<Long> countWhere(String c, JsonObject qdrantFilter) {
        JsonObject body = new JsonObject().put("exact", true);
        if (qdrantFilter != null) {
            body.put("filter", qdrantFilter);
        }
        return missingAs(rest.call(HttpMethod.POST, "/collections/" + c + "/points/count", body)
                .map(answer -> ((JsonObject) answer).getJsonObject("result").getLong("count")), 0L);
    }

    /** The stored points with these record ids, by record id. */
    private Future<Map<String, StoredPoint>> retrieve(String c, List<String> ids, boolean withVectors) {
        JsonObject body = new JsonObject().put("ids", new JsonArray(ids.stream().map(QdrantStore::pointId).toList()))
                .put("with_payload", true).put("with_vector", withVectors);
        return missingAs(rest.call(HttpMethod.POST, "/collections/" + c + "/points", body).map(answer -> {
            Map<String, StoredPoint> found = new LinkedHashMap<>();
            for (Object item : ((JsonObject) answer).getJsonArray("result")) {
                JsonObject point = (JsonObject) item;
                JsonObject payload = point.getJsonObject("payload", new JsonObject());
                float[] vector = null;
                if (withVectors) {
                    JsonArray kept = payload.getJsonArray("vector");
                    vector = JsonVectors.fromJson(kept != null ? kept : point.getJsonArray("vector"));
                }
                String id = payload.getString("id");
                found.put(id, new StoredPoint(new VectorRecord(id, vector, payload.getString("document"),
                        metadata(payload))));
            }
            return found;
        }), Map.of());
    }

    private Future<Void> upsert(String c, List<VectorRecord> records) {
        JsonArray points = new JsonArray();
        for (VectorRecord r : records) {
            JsonObject payload = new JsonObject().put("id", r.id())
                    .put("metadata", new JsonObject(new LinkedHashMap<>(r.metadata() == null ? Map.of() : r.metadata())));
            if (r.document() != null) {
                payload.put("document", r.document());
            }
            if (settings.metric() == VectorMetric.COSINE) {
                payload.put("vector", JsonVectors.toJson(r.vector()));
            }
            points.add(new JsonObject().put("id", pointId(r.id())).put("vector", JsonVectors.toJson(r.vector()))
                    .put("payload", payload));
        }
        return rest.call(HttpMethod.PUT, "/collections/" + c + "/points?wait=true", new JsonObject().put("points", points))
                .mapEmpty();
    }

    /** The collection's vector size, or null when it does not exist. */
    private Future<Integer> existingDimension(String collection) {
        Integer known = dimensions.get(collection);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return missingAs(rest.call(HttpMethod.GET, "/collections/" + path(collection), null).map(answer -> {
            JsonObject vectors = ((JsonObject) answer).getJsonObject("result").getJsonObject("config")
                    .getJsonObject("params").getJsonObject("vectors");
            Integer size = vectors.getInteger("size");
            if (size == null) {
                throw new VectorStoreException(where + ": Qdrant collection '" + collection + "' has named vectors "
                        + vectors.fieldNames() + "; this driver uses collections with one unnamed vector");
            }
            String created = switch (String.valueOf(vectors.getString("distance"))) {
                case "Cosine" -> "cosine";
                case "Dot" -> "dot";
                case "Euclid" -> "l2";
                default -> vectors.getString("distance");
            };
            if (!settings.metric().id().equals(created)) {
                throw new VectorStoreException("collection '" + collection + "' in Qdrant at " + rest.server()
                        + " was created with metric " + created + ", the component says " + settings.metric().id()
                        + " (use the same metric or another collection)");
            }
            dimensions.put(collection, size);
            return size;
        }), null);
    }

    private Future<Integer> ensureCollection(String collection, int dim) {
        Integer known = dimensions.get(collection);
        if (known != null) {
            return known == dim ? Future.succeededFuture(dim)
                    : Future.failedFuture(VectorStoreException.dimensionMismatch(collection, known, dim));
        }
        Future<Integer> created = creating.computeIfAbsent(collection, c -> existingDimension(c).compose(existing -> {
            if (existing != null) {
                return Future.succeededFuture(existing);
            }
            String distance = switch (settings.metric()) {
                case COSINE -> "Cosine";
                case DOT -> "Dot";
                case L2 -> "Euclid";
            };
            return rest.call(HttpMethod.PUT, "/collections/" + path(c), new JsonObject().put("vectors",
                            new JsonObject().put("size", dim).put("distance", distance)))
                    .recover(e -> e instanceof RestClient.StatusException s && s.status() == 409
                            ? Future.succeededFuture() : Future.failedFuture(e))
                    .compose(ignored -> {
                        dimensions.remove(c);
                        return existingDimension(c);
                    });
        }));
        created.onFailure(e -> creating.remove(collection, created));
        return created.compose(existing -> existing == dim ? Future.succeededFuture(dim)
                : Future.failedFuture(VectorStoreException.dimensionMismatch(collection, existing, dim)));
    }

    // --- values --------------------------------------------------------------------------------------------------

    /** Qdrant accepts UUIDs and integers as point ids; a record id becomes a name-based UUID. */
    static String pointId(String id) {
        return UUID.nameUUIDFromBytes(("model-compose:" + id).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Map<String, Object> metadata(JsonObject payload) {
        JsonObject metadata = payload.getJsonObject("metadata");
        return metadata == null ? Map.of() : new LinkedHashMap<>(metadata.getMap());
    }

    private String path(String collection) {
        if (collection == null || collection.isEmpty() || collection.contains("/")) {
            throw new VectorStoreException(where + ": collection '" + collection + "' is not a valid Qdrant "
                    + "collection name");
        }
        return RestClient.segment(collection);
    }

    /** A missing collection (404) reads as empty. */
    private static <T> Future<T> missingAs(Future<T> call, T empty) {
        return call.recover(e -> e instanceof RestClient.StatusException s && s.status() == 404
                ? Future.succeededFuture(empty) : Future.failedFuture(e));
    }

    private <T> Future<T> guard(Supplier<Future<T>> call) {
        Future<T> future;
        try {
            future = call.get();
        } catch (VectorStoreException e) {
            return Future.failedFuture(e);
        }
        return future.recover(e -> Future.failedFuture(rest.explain(e)));
    }
}
