package dev.modelcompose.drivers.chroma;

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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A Chroma store over the v2 API under {@code /api/v2/tenants/{tenant}/databases/{database}/collections}. Chroma
 * answers distances: cosine {@code 1 - cos}, ip {@code 1 - dot}, l2 the squared Euclidean distance; they are turned
 * back into the similarity, dot product or distance and then into {@link VectorMetric} scores.
 */
final class ChromaStore implements VectorStore {
    private final RestClient rest;
    private final VectorStoreSettings settings;
    private final String where;
    private final String base;
    /** collection name → its Chroma collection, once known to exist */
    private final Map<String, Info> known = new ConcurrentHashMap<>();
    private final Map<String, Future<Info>> creating = new ConcurrentHashMap<>();

    /** A Chroma collection: its id and dimension (null until its first record). */
    private record Info(String id, Integer dimension) {
    }

    ChromaStore(RestClient rest, VectorStoreSettings settings, String tenant, String database) {
        this.rest = rest;
        this.settings = settings;
        this.where = "vector store '" + settings.componentId() + "'";
        this.base = "/api/v2/tenants/" + RestClient.segment(tenant) + "/databases/" + RestClient.segment(database)
                + "/collections";
    }

    @Override
    public Future<Void> insert(String collection, List<VectorRecord> records) {
        return guard(() -> {
            checkName(collection);
            if (records.isEmpty()) {
                return Future.succeededFuture();
            }
            int dim = VectorChecks.sameLength(where, collection, records.stream().map(VectorRecord::id).toList(),
                    records.stream().map(VectorRecord::vector).toList(), settings.dimensions());
            VectorChecks.uniqueIds(collection, records);
            return ensureCollection(collection, dim).compose(info -> existingIds(info,
                    records.stream().map(VectorRecord::id).toList(), null).compose(existing -> {
                for (VectorRecord r : records) {
                    if (existing.contains(r.id())) {
                        return Future.failedFuture(VectorStoreException.duplicateId(collection, r.id()));
                    }
                }
                return write(info, "add", records).onSuccess(ignored -> known.put(collection, new Info(info.id, dim)));
            }));
        });
    }

    @Override
    public Future<Integer> update(String collection, List<VectorRecord> records, boolean insertIfNotExist) {
        return guard(() -> {
            checkName(collection);
            if (records.isEmpty()) {
                return Future.succeededFuture(0);
            }
            List<VectorRecord> withVectors = records.stream().filter(r -> r.vector() != null).toList();
            Integer dim = withVectors.isEmpty() ? null : VectorChecks.sameLength(where, collection,
                    withVectors.stream().map(VectorRecord::id).toList(),
                    withVectors.stream().map(VectorRecord::vector).toList(), settings.dimensions());
            Future<Info> found = dim != null && insertIfNotExist ? ensureCollection(collection, dim)
                    : existing(collection);
            return found.compose(info -> {
                if (info == null) {
                    String missing = records.stream().filter(r -> r.vector() == null).map(VectorRecord::id)
                            .findFirst().orElse(null);
                    return insertIfNotExist && missing != null
                            ? Future.failedFuture(VectorStoreException.missingVector(collection, missing))
                            : Future.succeededFuture(0);
                }
                if (info.dimension != null && dim != null && !info.dimension.equals(dim)) {
                    return Future.failedFuture(VectorStoreException.dimensionMismatch(collection, info.dimension, dim));
                }
                return records(info, records.stream().map(VectorRecord::id).toList()).compose(stored -> {
                    List<VectorRecord> merged = new ArrayList<>();
                    for (VectorRecord r : records) {
                        VectorRecord old = stored.get(r.id());
                        if (old == null) {
                            if (!insertIfNotExist) {
                                continue;
                            }
                            if (r.vector() == null) {
                                return Future.failedFuture(VectorStoreException.missingVector(collection, r.id()));
                            }
                            merged.add(r);
                        } else {
                            merged.add(new VectorRecord(r.id(), r.vector() != null ? r.vector() : old.vector(),
                                    r.document() != null ? r.document() : old.document(),
                                    r.metadata() != null ? r.metadata() : old.metadata()));
                        }
                    }
                    if (merged.isEmpty()) {
                        return Future.succeededFuture(0);
                    }
                    return write(info, "upsert", merged).map(ignored -> merged.size());
                });
            });
        });
    }

    @Override
    public Future<List<List<VectorHit>>> search(String collection, List<float[]> queries, int topK,
                                                Double scoreThreshold, VectorFilter filter) {
        return guard(() -> {
            checkName(collection);
            if (queries.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            int dim = VectorChecks.sameLength(where, collection, null, queries, settings.dimensions());
            JsonObject whereDoc = ChromaWhere.of(filter);
            VectorMetric metric = settings.metric();
            List<List<VectorHit>> none = queries.stream().map(q -> List.<VectorHit>of()).toList();
            return existing(collection).compose(info -> {
                if (info == null || info.dimension == null) {
                    return Future.succeededFuture(none);
                }
                if (info.dimension != dim) {
                    return Future.failedFuture(VectorStoreException.dimensionMismatch(collection, info.dimension, dim));
                }
                JsonArray embeddings = new JsonArray();
                queries.forEach(q -> embeddings.add(JsonVectors.toJson(q)));
                JsonObject body = new JsonObject().put("query_embeddings", embeddings).put("n_results", topK)
                        .put("include", new JsonArray().add("documents").add("metadatas").add("distances"));
                if (whereDoc != null) {
                    body.put("where", whereDoc);
                }
                return rest.call(HttpMethod.POST, base + "/" + info.id + "/query", body).map(answer -> {
                    JsonObject result = (JsonObject) answer;
                    List<List<VectorHit>> out = new ArrayList<>();
                    for (int q = 0; q < queries.size(); q++) {
                        JsonArray ids = result.getJsonArray("ids").getJsonArray(q);
                        JsonArray distances = result.getJsonArray("distances").getJsonArray(q);
                        JsonArray documents = nested(result, "documents", q);
                        JsonArray metadatas = nested(result, "metadatas", q);
                        List<VectorHit> hits = new ArrayList<>();
                        for (int i = 0; i < ids.size(); i++) {
                            double d = ((Number) distances.getValue(i)).doubleValue();
                            double raw = switch (metric) {
                                case COSINE, DOT -> 1.0 - d;
                                case L2 -> Math.sqrt(Math.max(0.0, d));
                            };
                            double score = metric.score(raw);
                            if (scoreThreshold != null && score < scoreThreshold) {
                                continue;
                            }
                            hits.add(new VectorHit(ids.getString(i), score, metric.distance(raw),
                                    documents == null ? null : documents.getString(i),
                                    metadata(metadatas == null ? null : metadatas.getJsonObject(i))));
                        }
                        out.add(hits);
                    }
                    return out;
                });
            });
        });
    }

    @Override
    public Future<Integer> delete(String collection, List<String> ids, VectorFilter filter) {
        return guard(() -> {
            checkName(collection);
            if ((ids != null && ids.isEmpty()) || (ids == null && (filter == null || filter.isEmpty()))) {
                return Future.succeededFuture(0);
            }
            JsonObject whereDoc = ChromaWhere.of(filter);
            return existing(collection).compose(info -> info == null ? Future.succeededFuture(0)
                    : existingIds(info, ids, whereDoc).compose(matched -> matched.isEmpty() ? Future.succeededFuture(0)
                    : rest.call(HttpMethod.POST, base + "/" + info.id + "/delete",
                    new JsonObject().put("ids", new JsonArray(new ArrayList<>(matched)))).map(ignored -> matched.size())));
        });
    }

    @Override
    public Future<List<VectorRecord>> get(String collection, List<String> ids) {
        return guard(() -> {
            checkName(collection);
            if (ids.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            return existing(collection).compose(info -> info == null ? Future.succeededFuture(List.of())
                    : records(info, ids).map(found -> ids.stream().distinct().filter(found::containsKey)
                    .map(found::get).toList()));
        });
    }

    @Override
    public Future<Long> count(String collection, VectorFilter filter) {
        return guard(() -> {
            checkName(collection);
            JsonObject whereDoc = ChromaWhere.of(filter);
            return existing(collection).compose(info -> {
                if (info == null) {
                    return Future.succeededFuture(0L);
                }
                if (whereDoc == null) {
                    return rest.call(HttpMethod.GET, base + "/" + info.id + "/count", null)
                            .map(n -> ((Number) n).longValue());
                }
                return existingIds(info, null, whereDoc).map(matched -> (long) matched.size());
            });
        });
    }

    @Override
    public Future<Void> close() {
        return rest.close();
    }

    // --- Chroma calls --------------------------------------------------------------------------------------------

    private Future<Void> write(Info info, String action, List<VectorRecord> records) {
        JsonArray ids = new JsonArray();
        JsonArray embeddings = new JsonArray();
        JsonArray documents = new JsonArray();
        JsonArray metadatas = new JsonArray();
        for (VectorRecord r : records) {
            ids.add(r.id());
            embeddings.add(JsonVectors.toJson(r.vector()));
            documents.add(r.document());
            // Chroma refuses an empty metadata mapping; none is null
            metadatas.add(r.metadata() == null || r.metadata().isEmpty() ? null
                    : new JsonObject(new LinkedHashMap<>(r.metadata())));
        }
        JsonObject body = new JsonObject().put("ids", ids).put("embeddings", embeddings).put("documents", documents)
                .put("metadatas", metadatas);
        return rest.call(HttpMethod.POST, base + "/" + info.id + "/" + action, body).mapEmpty();
    }

    /** The ids among {@code ids} (null: all) that exist and match {@code whereDoc} (null: all). */
    private Future<List<String>> existingIds(Info info, List<String> ids, JsonObject whereDoc) {
        JsonObject body = new JsonObject().put("include", new JsonArray());
        if (ids != null) {
            body.put("ids", new JsonArray(new ArrayList<>(ids)));
        }
        if (whereDoc != null) {
            body.put("where", whereDoc);
        }
        return rest.call(HttpMethod.POST, base + "/" + info.id + "/get", body)
                .map(answer -> ((JsonObject) answer).getJsonArray("ids").stream().map(Object::toString).toList());
    }

    /** The stored records with these ids, vectors included, by id. */
    private Future<Map<String, VectorRecord>> records(Info info, List<String> ids) {
        JsonObject body = new JsonObject().put("ids", new JsonArray(new ArrayList<>(ids)))
                .put("include", new JsonArray().add("embeddings").add("documents").add("metadatas"));
        return rest.call(HttpMethod.POST, base + "/" + info.id + "/get", body).map(answer -> {
            JsonObject result = (JsonObject) answer;
            JsonArray found = result.getJsonArray("ids");
            JsonArray embeddings = result.getJsonArray("embeddings");
            JsonArray documents = result.getJsonArray("documents");
            JsonArray metadatas = result.getJsonArray("metadatas");
            Map<String, VectorRecord> out = new LinkedHashMap<>();
            for (int i = 0; i < found.size(); i++) {
                out.put(found.getString(i), new VectorRecord(found.getString(i),
                        embeddings == null ? null : JsonVectors.fromJson(embeddings.getJsonArray(i)),
                        documents == null ? null : documents.getString(i),
                        metadata(metadatas == null ? null : metadatas.getJsonObject(i))));
            }
            return out;
        });
    }

    /** The collection, or null when Chroma has none of that name. */
    private Future<Info> existing(String collection) {
        Info info = known.get(collection);
        if (info != null) {
            return Future.succeededFuture(info);
        }
        return rest.call(HttpMethod.GET, base + "/" + RestClient.segment(collection), null)
                .map(answer -> remember(collection, (JsonObject) answer))
                .recover(e -> missing(e) ? Future.succeededFuture(null) : Future.failedFuture(e));
    }

    private Future<Info> ensureCollection(String collection, int dim) {
        Info info = known.get(collection);
        Future<Info> found = info != null ? Future.succeededFuture(info)
                : creating.computeIfAbsent(collection, c -> {
            Future<Info> created = existing(c).compose(existing -> existing != null ? Future.succeededFuture(existing)
                    : rest.call(HttpMethod.POST, base, new JsonObject().put("name", c).put("get_or_create", true)
                            .put("metadata", new JsonObject().put("hnsw:space", space())))
                    .map(answer -> remember(c, (JsonObject) answer)));
            created.onComplete(ignored -> creating.remove(c));
            return created;
        });
        return found.compose(existing -> existing.dimension != null && existing.dimension != dim
                ? Future.failedFuture(VectorStoreException.dimensionMismatch(collection, existing.dimension, dim))
                : Future.succeededFuture(existing));
    }

    private Info remember(String collection, JsonObject answer) {
        JsonObject metadata = answer.getValue("metadata") instanceof JsonObject m ? m : new JsonObject();
        String space = metadata.getString("hnsw:space");
        if (space != null && !space.equals(space())) {
            String created = space.equals("ip") ? "dot" : space;
            throw new VectorStoreException("collection '" + collection + "' in Chroma at " + rest.server()
                    + " was created with metric " + created + ", the component says " + settings.metric().id()
                    + " (use the same metric or another collection)");
        }
        Info info = new Info(answer.getString("id"), answer.getInteger("dimension"));
        if (info.dimension != null) {
            known.put(collection, info);
        }
        return info;
    }

    private String space() {
        return switch (settings.metric()) {
            case COSINE -> "cosine";
            case DOT -> "ip";
            case L2 -> "l2";
        };
    }

    /** Chroma 1.x answers 404 for a missing collection; older servers a 400 or 500 saying it does not exist. */
    private static boolean missing(Throwable e) {
        return e instanceof RestClient.StatusException s
                && (s.status() == 404 || (s.body() != null && s.body().contains("does not exist")));
    }

    // --- values --------------------------------------------------------------------------------------------------

    private static JsonArray nested(JsonObject result, String key, int q) {
        JsonArray all = result.getJsonArray(key);
        return all == null || all.getValue(q) == null ? null : all.getJsonArray(q);
    }

    private static Map<String, Object> metadata(JsonObject json) {
        return json == null ? Map.of() : new LinkedHashMap<>(json.getMap());
    }

    private void checkName(String collection) {
        if (collection == null || collection.isEmpty() || collection.contains("/")) {
            throw new VectorStoreException(where + ": collection '" + collection + "' is not a valid Chroma "
                    + "collection name");
        }
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
