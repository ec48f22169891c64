package dev.modelcompose.drivers.qdrant;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory stand-in for a Qdrant server (no real one can run here), implementing the documented REST endpoints
 * the driver uses, with exact maths: {@code GET/PUT /collections/{c}}, {@code PUT /collections/{c}/points} (upsert;
 * Cosine collections store normalised vectors, as Qdrant does), {@code POST .../points} (retrieve),
 * {@code .../points/search} (Cosine and Dot: higher first; Euclid: the distance, lower first), {@code .../points/count},
 * {@code .../points/delete}; filters with {@code must}, {@code must_not}, {@code should}, {@code match.value},
 * {@code match.any}, {@code range} and {@code has_id}; the {@code api-key} header when a key is set.
 */
final class FakeQdrantServer {
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final String apiKey;
    private HttpServer server;

    private record Collection(int size, String distance, Map<String, JsonObject> points) {
    }

    FakeQdrantServer(String apiKey) {
        this.apiKey = apiKey;
    }

    int start(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.route().handler(ctx -> {
            requests.add(ctx.request().method() + " " + ctx.request().path());
            if (apiKey != null && !apiKey.equals(ctx.request().getHeader("api-key"))) {
                ctx.response().setStatusCode(403).end("Invalid api-key");
                return;
            }
            ctx.next();
        });
        router.get("/collections/:c").handler(ctx -> withCollection(ctx, c -> ok(ctx, new JsonObject()
                .put("status", "green").put("points_count", c.points.size())
                .put("config", new JsonObject().put("params", new JsonObject().put("vectors",
                        new JsonObject().put("size", c.size).put("distance", c.distance)))))));
        router.put("/collections/:c").handler(ctx -> {
            String name = ctx.pathParam("c");
            JsonObject vectors = ctx.body().asJsonObject().getJsonObject("vectors");
            if (collections.containsKey(name)) {
                error(ctx, 409, "Wrong input: Collection `" + name + "` already exists!");
                return;
            }
            collections.put(name, new Collection(vectors.getInteger("size"), vectors.getString("distance"),
                    new ConcurrentHashMap<>()));
            ok(ctx, true);
        });
        router.put("/collections/:c/points").handler(ctx -> withCollection(ctx, c -> {
            JsonArray points = ctx.body().asJsonObject().getJsonArray("points");
            for (Object p : points) {
                JsonArray vector = ((JsonObject) p).getJsonArray("vector");
                if (vector.size() != c.size) {
                    error(ctx, 400, "Wrong input: Vector dimension error: expected dim: " + c.size + ", got "
                            + vector.size());
                    return;
                }
            }
            for (Object p : points) {
                JsonObject point = ((JsonObject) p).copy();
                if (c.distance.equals("Cosine")) {
                    point.put("vector", normalised(point.getJsonArray("vector")));
                }
                c.points.put(point.getString("id"), point);
            }
            ok(ctx, new JsonObject().put("operation_id", 1).put("status", "completed"));
        }));
        router.post("/collections/:c/points").handler(ctx -> withCollection(ctx, c -> {
            JsonObject body = ctx.body().asJsonObject();
            JsonArray result = new JsonArray();
            for (Object id : body.getJsonArray("ids")) {
                JsonObject point = c.points.get(id.toString());
                if (point != null) {
                    result.add(view(point, body.getBoolean("with_payload", true), body.getBoolean("with_vector", false)));
                }
            }
            ok(ctx, result);
        }));
        router.post("/collections/:c/points/search").handler(ctx -> withCollection(ctx, c -> {
            JsonObject body = ctx.body().asJsonObject();
            double[] query = doubles(body.getJsonArray("vector"));
            if (query.length != c.size) {
                error(ctx, 400, "Wrong input: Vector dimension error: expected dim: " + c.size + ", got " + query.length);
                return;
            }
            if (c.distance.equals("Cosine")) {
                query = doubles(normalised(body.getJsonArray("vector")));
            }
            List<JsonObject> scored = new ArrayList<>();
            for (JsonObject point : c.points.values()) {
                if (matches(body.getJsonObject("filter"), point)) {
                    scored.add(view(point, body.getBoolean("with_payload", false), body.getBoolean("with_vector", false))
                            .put("version", 0).put("score", score(c.distance, query, doubles(point.getJsonArray("vector")))));
                }
            }
            Comparator<JsonObject> order = Comparator.comparingDouble(p -> p.getDouble("score"));
            scored.sort(c.distance.equals("Euclid") ? order : order.reversed());
            ok(ctx, new JsonArray(new ArrayList<>(scored.subList(0, Math.min(body.getInteger("limit", 10), scored.size())))));
        }));
        router.post("/collections/:c/points/count").handler(ctx -> withCollection(ctx, c -> {
            JsonObject filter = ctx.body().asJsonObject().getJsonObject("filter");
            ok(ctx, new JsonObject().put("count", c.points.values().stream().filter(p -> matches(filter, p)).count()));
        }));
        router.post("/collections/:c/points/delete").handler(ctx -> withCollection(ctx, c -> {
            JsonObject body = ctx.body().asJsonObject();
            if (body.containsKey("points")) {
                body.getJsonArray("points").forEach(id -> c.points.remove(id.toString()));
            } else {
                c.points.values().removeIf(p -> matches(body.getJsonObject("filter"), p));
            }
            ok(ctx, new JsonObject().put("operation_id", 2).put("status", "completed"));
        }));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return server.actualPort();
    }

    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    // --- filters ---------------------------------------------------------------------------------------------------

    static boolean matches(JsonObject filter, JsonObject point) {
        if (filter == null) {
            return true;
        }
        for (Object c : filter.getJsonArray("must", new JsonArray())) {
            if (!condition((JsonObject) c, point)) {
                return false;
            }
        }
        for (Object c : filter.getJsonArray("must_not", new JsonArray())) {
            if (condition((JsonObject) c, point)) {
                return false;
            }
        }
        JsonArray should = filter.getJsonArray("should");
        if (should != null && !should.isEmpty()) {
            return should.stream().anyMatch(c -> condition((JsonObject) c, point));
        }
        return true;
    }

    private static boolean condition(JsonObject condition, JsonObject point) {
        if (condition.containsKey("must") || condition.containsKey("must_not") || condition.containsKey("should")) {
            return matches(condition, point);
        }
        if (condition.containsKey("has_id")) {
            return condition.getJsonArray("has_id").contains(point.getString("id"));
        }
        Object value = payloadValue(point.getJsonObject("payload"), condition.getString("key"));
        if (value == null) {
            return false;
        }
        JsonObject match = condition.getJsonObject("match");
        if (match != null) {
            if (match.containsKey("value")) {
                return sameKeyword(match.getValue("value"), value);
            }
            if (match.containsKey("any")) {
                return match.getJsonArray("any").stream().anyMatch(v -> sameKeyword(v, value));
            }
            throw new IllegalArgumentException("unsupported match " + match);
        }
        JsonObject range = condition.getJsonObject("range");
        if (range != null) {
            if (!(value instanceof Number number)) {
                return false;
            }
            double x = number.doubleValue();
            return (!range.containsKey("gt") || x > range.getDouble("gt"))
                    && (!range.containsKey("gte") || x >= range.getDouble("gte"))
                    && (!range.containsKey("lt") || x < range.getDouble("lt"))
                    && (!range.containsKey("lte") || x <= range.getDouble("lte"));
        }
        throw new IllegalArgumentException("unsupported condition " + condition);
    }

    /** Qdrant's match works on keywords, integers and booleans; a float in a match is rejected by Qdrant. */
    private static boolean sameKeyword(Object expected, Object actual) {
        if (expected instanceof Double || expected instanceof Float) {
            throw new IllegalArgumentException("Qdrant has no match for floats: " + expected);
        }
        if (expected instanceof Number e && actual instanceof Number a) {
            return !(actual instanceof Double || actual instanceof Float) && e.longValue() == a.longValue();
        }
        return expected.equals(actual);
    }

    private static Object payloadValue(JsonObject payload, String key) {
        Object current = payload;
        for (String part : key.split("\\.")) {
            if (!(current instanceof JsonObject object)) {
                return null;
            }
            current = object.getValue(part);
        }
        return current;
    }

    // --- maths -----------------------------------------------------------------------------------------------------

    private static double score(String distance, double[] q, double[] x) {
        double dot = 0, sq = 0;
        for (int i = 0; i < q.length; i++) {
            dot += q[i] * x[i];
            sq += (q[i] - x[i]) * (q[i] - x[i]);
        }
        return distance.equals("Euclid") ? Math.sqrt(sq) : dot;
    }

    private static JsonArray normalised(JsonArray vector) {
        double[] v = doubles(vector);
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        JsonArray out = new JsonArray();
        for (double x : v) {
            out.add(norm == 0 ? 0.0 : x / norm);
        }
        return out;
    }

    private static double[] doubles(JsonArray array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) array.getValue(i)).doubleValue();
        }
        return out;
    }

    // --- plumbing --------------------------------------------------------------------------------------------------

    private static JsonObject view(JsonObject point, boolean withPayload, boolean withVector) {
        JsonObject out = new JsonObject().put("id", point.getString("id"));
        if (withPayload) {
            out.put("payload", point.getJsonObject("payload").copy());
        }
        if (withVector) {
            out.put("vector", point.getJsonArray("vector").copy());
        }
        return out;
    }

    private void withCollection(RoutingContext ctx, java.util.function.Consumer<Collection> action) {
        Collection c = collections.get(ctx.pathParam("c"));
        if (c == null) {
            error(ctx, 404, "Not found: Collection `" + ctx.pathParam("c") + "` doesn't exist!");
            return;
        }
        try {
            action.accept(c);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "Format error in JSON body: " + e.getMessage());
        }
    }

    private static void ok(RoutingContext ctx, Object result) {
        ctx.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("result", result).put("status", "ok").put("time", 0.0001).encode());
    }

    private static void error(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("status", new JsonObject().put("error", message)).put("time", 0.0).encode());
    }

    /** Each collection's vectors config as Qdrant reports it, e.g. {@code 3 Dot}. */
    Map<String, String> vectorConfigs() {
        Map<String, String> out = new LinkedHashMap<>();
        collections.forEach((k, v) -> out.put(k, v.size + " " + v.distance));
        return out;
    }
}
