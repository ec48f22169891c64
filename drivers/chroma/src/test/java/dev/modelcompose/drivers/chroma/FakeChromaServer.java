package dev.modelcompose.drivers.chroma;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory stand-in for a Chroma server (no real one can run here), implementing the documented v2 endpoints the
 * driver uses under {@code /api/v2/tenants/{tenant}/databases/{database}/collections}: create ({@code get_or_create}),
 * get by name, and by collection id {@code add}, {@code upsert}, {@code get}, {@code query}, {@code delete},
 * {@code count}. Distances as Chroma's hnsw spaces give them: cosine {@code 1 - cos}, ip {@code 1 - dot}, l2 the
 * squared Euclidean distance. {@code where} filters follow Chroma's typed semantics: a value is compared only with an
 * operand of its own kind (integer, float, string, boolean), and a record without the key never matches.
 * A key, when set, is required in {@code x-chroma-token}.
 */
final class FakeChromaServer {
    private final Map<String, Collection> byId = new ConcurrentHashMap<>();
    private final Map<String, Collection> byName = new ConcurrentHashMap<>();
    private final String token;
    final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HttpServer server;

    private static final class Collection {
        final String id = UUID.randomUUID().toString();
        final String name;
        final String space;
        Integer dimension;
        final Map<String, JsonObject> records = new LinkedHashMap<>();

        Collection(String name, String space) {
            this.name = name;
            this.space = space;
        }

        JsonObject json() {
            return new JsonObject().put("id", id).put("name", name).put("dimension", dimension)
                    .put("metadata", new JsonObject().put("hnsw:space", space))
                    .put("tenant", "default_tenant").put("database", "default_database");
        }
    }

    FakeChromaServer(String token) {
        this.token = token;
    }

    int start(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.route().handler(ctx -> {
            requests.add(ctx.request().method() + " " + ctx.request().path());
            if (token != null && !token.equals(ctx.request().getHeader("x-chroma-token"))) {
                error(ctx, 401, "AuthError", "Unauthorized");
                return;
            }
            ctx.next();
        });
        String base = "/api/v2/tenants/:tenant/databases/:database/collections";
        router.post(base).handler(ctx -> {
            JsonObject body = ctx.body().asJsonObject();
            String name = body.getString("name");
            synchronized (this) {
                Collection existing = byName.get(name);
                if (existing != null && !body.getBoolean("get_or_create", false)) {
                    error(ctx, 409, "UniqueConstraintError", "Collection " + name + " already exists");
                    return;
                }
                if (existing == null) {
                    JsonObject metadata = body.getJsonObject("metadata", new JsonObject());
                    existing = new Collection(name, metadata.getString("hnsw:space", "l2"));
                    byName.put(name, existing);
                    byId.put(existing.id, existing);
                }
                json(ctx, existing.json());
            }
        });
        router.get(base + "/:name").handler(ctx -> {
            Collection c = byName.get(ctx.pathParam("name"));
            if (c == null) {
                error(ctx, 404, "NotFoundError", "Collection [" + ctx.pathParam("name") + "] does not exists");
                return;
            }
            synchronized (c) {
                json(ctx, c.json());
            }
        });
        router.post(base + "/:id/add").handler(ctx -> write(ctx, false));
        router.post(base + "/:id/upsert").handler(ctx -> write(ctx, true));
        router.post(base + "/:id/get").handler(ctx -> withCollection(ctx, c -> {
            JsonObject body = ctx.body().asJsonObject();
            JsonArray include = body.getJsonArray("include", new JsonArray().add("documents").add("metadatas"));
            JsonArray ids = new JsonArray();
            JsonArray embeddings = new JsonArray();
            JsonArray documents = new JsonArray();
            JsonArray metadatas = new JsonArray();
            JsonArray wanted = body.getJsonArray("ids");
            for (JsonObject r : c.records.values()) {
                if ((wanted == null || wanted.contains(r.getString("id"))) && matches(body.getJsonObject("where"), r)) {
                    ids.add(r.getString("id"));
                    embeddings.add(r.getJsonArray("embedding"));
                    documents.add(r.getString("document"));
                    metadatas.add(r.getJsonObject("metadata"));
                }
            }
            json(ctx, new JsonObject().put("ids", ids)
                    .put("embeddings", include.contains("embeddings") ? embeddings : null)
                    .put("documents", include.contains("documents") ? documents : null)
                    .put("metadatas", include.contains("metadatas") ? metadatas : null)
                    .put("include", include));
        }));
        router.post(base + "/:id/query").handler(ctx -> withCollection(ctx, c -> {
            JsonObject body = ctx.body().asJsonObject();
            JsonObject result = new JsonObject().put("ids", new JsonArray()).put("distances", new JsonArray())
                    .put("documents", new JsonArray()).put("metadatas", new JsonArray());
            for (Object q : body.getJsonArray("query_embeddings")) {
                double[] query = doubles((JsonArray) q);
                if (c.dimension != null && query.length != c.dimension) {
                    error(ctx, 400, "InvalidArgumentError", "Collection expecting embedding with dimension of "
                            + c.dimension + ", got " + query.length);
                    return;
                }
                List<JsonObject> scored = new ArrayList<>();
                for (JsonObject r : c.records.values()) {
                    if (matches(body.getJsonObject("where"), r)) {
                        scored.add(r.copy().put("distance", distance(c.space, query, doubles(r.getJsonArray("embedding")))));
                    }
                }
                scored.sort(Comparator.comparingDouble(r -> r.getDouble("distance")));
                List<JsonObject> top = scored.subList(0, Math.min(body.getInteger("n_results", 10), scored.size()));
                result.getJsonArray("ids").add(new JsonArray(top.stream().map(r -> (Object) r.getString("id")).toList()));
                result.getJsonArray("distances").add(new JsonArray(top.stream().map(r -> (Object) r.getDouble("distance")).toList()));
                result.getJsonArray("documents").add(new JsonArray(top.stream().map(r -> r.getValue("document")).toList()));
                result.getJsonArray("metadatas").add(new JsonArray(top.stream().map(r -> r.getValue("metadata")).toList()));
            }
            json(ctx, result);
        }));
        router.post(base + "/:id/delete").handler(ctx -> withCollection(ctx, c -> {
            JsonObject body = ctx.body().asJsonObject();
            JsonArray wanted = body.getJsonArray("ids");
            c.records.values().removeIf(r -> (wanted == null || wanted.contains(r.getString("id")))
                    && matches(body.getJsonObject("where"), r));
            json(ctx, new JsonObject());
        }));
        router.get(base + "/:id/count").handler(ctx -> withCollection(ctx, c -> json(ctx, c.records.size())));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return server.actualPort();
    }

    /** Each collection's hnsw:space by name. */
    Map<String, String> spaces() {
        Map<String, String> out = new LinkedHashMap<>();
        byName.forEach((k, v) -> out.put(k, v.space));
        return out;
    }

    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void write(RoutingContext ctx, boolean upsert) {
        withCollection(ctx, c -> {
            JsonObject body = ctx.body().asJsonObject();
            JsonArray ids = body.getJsonArray("ids");
            JsonArray embeddings = body.getJsonArray("embeddings");
            for (int i = 0; i < ids.size(); i++) {
                int size = embeddings.getJsonArray(i).size();
                int expected = c.dimension != null ? c.dimension : embeddings.getJsonArray(0).size();
                if (size != expected) {
                    error(ctx, 400, "InvalidArgumentError", "Collection expecting embedding with dimension of "
                            + expected + ", got " + size);
                    return;
                }
                JsonObject metadata = body.getJsonArray("metadatas") == null ? null
                        : body.getJsonArray("metadatas").getJsonObject(i);
                if (metadata != null && metadata.isEmpty()) {
                    error(ctx, 400, "InvalidArgumentError", "Expected metadata to be a non-empty dict");
                    return;
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.getString(i);
                if (!upsert && c.records.containsKey(id)) {
                    continue; // Chroma ignores ids that exist on add
                }
                c.records.put(id, new JsonObject().put("id", id).put("embedding", embeddings.getJsonArray(i))
                        .put("document", body.getJsonArray("documents") == null ? null
                                : body.getJsonArray("documents").getValue(i))
                        .put("metadata", body.getJsonArray("metadatas") == null ? null
                                : body.getJsonArray("metadatas").getValue(i)));
            }
            if (c.dimension == null && !ids.isEmpty()) {
                c.dimension = embeddings.getJsonArray(0).size();
            }
            json(ctx, new JsonObject());
        });
    }

    // --- where ---------------------------------------------------------------------------------------------------

    static boolean matches(JsonObject where, JsonObject record) {
        if (where == null) {
            return true;
        }
        if (where.containsKey("$and")) {
            return where.getJsonArray("$and").stream().allMatch(w -> matches((JsonObject) w, record));
        }
        if (where.containsKey("$or")) {
            return where.getJsonArray("$or").stream().anyMatch(w -> matches((JsonObject) w, record));
        }
        if (where.size() != 1) {
            throw new IllegalArgumentException("Expected where to have exactly one operator, got " + where);
        }
        String key = where.fieldNames().iterator().next();
        JsonObject condition = where.getJsonObject(key);
        String op = condition.fieldNames().iterator().next();
        Object operand = condition.getValue(op);
        JsonObject metadata = record.getJsonObject("metadata");
        Object value = metadata == null ? null : metadata.getValue(key);
        if (value == null) {
            return false;
        }
        return switch (op) {
            case "$eq" -> sameKind(value, operand) && same(value, operand);
            case "$ne" -> sameKind(value, operand) && !same(value, operand);
            case "$in" -> ((JsonArray) operand).stream().anyMatch(o -> sameKind(value, o) && same(value, o));
            case "$nin" -> {
                JsonArray list = (JsonArray) operand;
                yield !list.isEmpty() && sameKind(value, list.getValue(0))
                        && list.stream().noneMatch(o -> same(value, o));
            }
            case "$gt", "$gte", "$lt", "$lte" -> {
                if (!(operand instanceof Number) || !sameKind(value, operand)) {
                    yield false;
                }
                double x = ((Number) value).doubleValue();
                double y = ((Number) operand).doubleValue();
                yield switch (op) {
                    case "$gt" -> x > y;
                    case "$gte" -> x >= y;
                    case "$lt" -> x < y;
                    default -> x <= y;
                };
            }
            default -> throw new IllegalArgumentException("Expected where operator to be one of $gt, $gte, $lt, "
                    + "$lte, $ne, $eq, $in, $nin, got " + op);
        };
    }

    private static String kind(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return "int";
        }
        if (value instanceof Double || value instanceof Float) {
            return "float";
        }
        return value instanceof Boolean ? "bool" : "string";
    }

    private static boolean sameKind(Object a, Object b) {
        return kind(a).equals(kind(b));
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a.equals(b);
    }

    // --- maths -----------------------------------------------------------------------------------------------------

    private static double distance(String space, double[] q, double[] x) {
        double dot = 0, nq = 0, nx = 0, sq = 0;
        for (int i = 0; i < q.length; i++) {
            dot += q[i] * x[i];
            nq += q[i] * q[i];
            nx += x[i] * x[i];
            sq += (q[i] - x[i]) * (q[i] - x[i]);
        }
        return switch (space) {
            case "cosine" -> 1.0 - (nq == 0 || nx == 0 ? 0 : dot / (Math.sqrt(nq) * Math.sqrt(nx)));
            case "ip" -> 1.0 - dot;
            default -> sq;
        };
    }

    private static double[] doubles(JsonArray array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) array.getValue(i)).doubleValue();
        }
        return out;
    }

    // --- plumbing --------------------------------------------------------------------------------------------------

    private void withCollection(RoutingContext ctx, java.util.function.Consumer<Collection> action) {
        Collection c = byId.get(ctx.pathParam("id"));
        if (c == null) {
            error(ctx, 404, "NotFoundError", "Collection [" + ctx.pathParam("id") + "] does not exists");
            return;
        }
        try {
            synchronized (c) {
                action.accept(c);
            }
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "InvalidArgumentError", e.getMessage());
        }
    }

    private static void json(RoutingContext ctx, Object value) {
        ctx.response().putHeader("content-type", "application/json").end(io.vertx.core.json.Json.encode(value));
    }

    private static void error(RoutingContext ctx, int status, String error, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).put("message", message).encode());
    }
}
