package dev.modelcompose.drivers.pgvector;

import dev.modelcompose.drivers.remote.ConnectRetry;
import dev.modelcompose.drivers.remote.VectorChecks;
import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorHit;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A pgvector store: one table per collection, created with its HNSW index on first write. Searches order by the
 * metric's operator ({@code <=>}, {@code <#>}, {@code <->}) and turn pgvector's distances into {@link VectorMetric}
 * scores. Every call is retried while the server cannot be reached.
 */
final class PgVectorStore implements VectorStore {
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_.-]{1,48}");
    /** pgvector's HNSW index takes vectors of at most this many dimensions; larger ones are searched exactly. */
    private static final int HNSW_MAX_DIMENSIONS = 2000;

    private final VectorStoreSettings settings;
    private final PgVectorSettings pg;
    private final Pool pool;
    private final ConnectRetry retry;
    private final String where;
    /** collection → the dimension of its table, once the table is known to exist */
    private final Map<String, Integer> dimensions = new ConcurrentHashMap<>();
    /** collection → its table being created, so that concurrent first writes create it once */
    private final Map<String, Future<Integer>> creating = new ConcurrentHashMap<>();
    private Future<Void> extension;

    PgVectorStore(Vertx vertx, VectorStoreSettings settings, PgVectorSettings pg) {
        this.settings = settings;
        this.pg = pg;
        this.where = "vector store '" + settings.componentId() + "'";
        this.retry = new ConnectRetry(vertx, pg.retries(), where + ": ", "PostgreSQL at " + pg.hostAndPort());
        this.pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(pg.poolSize()))
                .with(new NetClientOptions().setConnectTimeout(pg.connectTimeoutMs()))
                .connectingTo(pg.connect())
                .using(vertx)
                .withConnectHandler(this::configureSession)
                .build();
    }

    private void configureSession(SqlConnection connection) {
        // strict_order: filtered HNSW scans continue until LIMIT rows match (pgvector >= 0.8; older ones ignore it)
        connection.query("SET hnsw.ef_search = " + pg.efSearch() + "; SET hnsw.iterative_scan = strict_order")
                .execute()
                .onComplete(ignored -> connection.close());
    }

    @Override
    public Future<Void> insert(String collection, List<VectorRecord> records) {
        return guard(() -> {
            String table = table(collection);
            if (records.isEmpty()) {
                return Future.succeededFuture();
            }
            int dim = VectorChecks.sameLength(where, collection, records.stream().map(VectorRecord::id).toList(),
                    records.stream().map(VectorRecord::vector).toList(), settings.dimensions());
            VectorChecks.uniqueIds(collection, records);
            List<Tuple> rows = records.stream().map(r -> Tuple.of(r.id(), vectorText(r.vector()), r.document(),
                    metadataJson(r.metadata()))).toList();
            return retry.run(() -> ensureTable(collection, dim).compose(ignored -> pool.withTransaction(conn ->
                    conn.preparedQuery("INSERT INTO " + table + " (id, embedding, document, metadata) "
                            + "VALUES ($1, $2::vector, $3, $4::jsonb)").executeBatch(rows))))
                    .recover(e -> Future.failedFuture(duplicateId(e, collection)))
                    .mapEmpty();
        });
    }

    @Override
    public Future<Integer> update(String collection, List<VectorRecord> records, boolean insertIfNotExist) {
        return guard(() -> {
            String table = table(collection);
            if (records.isEmpty()) {
                return Future.succeededFuture(0);
            }
            List<VectorRecord> withVectors = records.stream().filter(r -> r.vector() != null).toList();
            Integer dim = withVectors.isEmpty() ? null : VectorChecks.sameLength(where, collection,
                    withVectors.stream().map(VectorRecord::id).toList(),
                    withVectors.stream().map(VectorRecord::vector).toList(), settings.dimensions());
            String firstWithoutVector = records.stream().filter(r -> r.vector() == null).map(VectorRecord::id)
                    .findFirst().orElse(null);
            return retry.run(() -> (dim != null ? ensureTable(collection, dim) : existingDimension(collection))
                    .compose(tableDim -> {
                        if (tableDim == null) {
                            return insertIfNotExist && firstWithoutVector != null
                                    ? Future.failedFuture(noVector(firstWithoutVector, collection))
                                    : Future.succeededFuture(0);
                        }
                        return pool.withTransaction(conn -> updateEach(conn, table, collection, records, 0, 0,
                                insertIfNotExist));
                    }));
        });
    }

    private Future<Integer> updateEach(SqlConnection conn, String table, String collection, List<VectorRecord> records,
                                       int index, int written, boolean insertIfNotExist) {
        if (index == records.size()) {
            return Future.succeededFuture(written);
        }
        VectorRecord r = records.get(index);
        String vector = r.vector() == null ? null : vectorText(r.vector());
        JsonObject metadata = r.metadata() == null ? null : metadataJson(r.metadata());
        return conn.preparedQuery("UPDATE " + table + " SET embedding = COALESCE($2::vector, embedding), "
                        + "document = COALESCE($3, document), metadata = COALESCE($4::jsonb, metadata) WHERE id = $1")
                .execute(Tuple.of(r.id(), vector, r.document(), metadata))
                .compose(result -> {
                    if (result.rowCount() > 0) {
                        return Future.succeededFuture(written + 1);
                    }
                    if (!insertIfNotExist) {
                        return Future.succeededFuture(written);
                    }
                    if (vector == null) {
                        return Future.failedFuture(noVector(r.id(), collection));
                    }
                    return conn.preparedQuery("INSERT INTO " + table + " (id, embedding, document, metadata) "
                                    + "VALUES ($1, $2::vector, $3, $4::jsonb)")
                            .execute(Tuple.of(r.id(), vector, r.document(),
                                    metadata == null ? new JsonObject() : metadata))
                            .map(ignored -> written + 1);
                })
                .compose(count -> updateEach(conn, table, collection, records, index + 1, count, insertIfNotExist));
    }

    @Override
    public Future<List<List<VectorHit>>> search(String collection, List<float[]> queries, int topK,
                                                Double scoreThreshold, VectorFilter filter) {
        return guard(() -> {
            String table = table(collection);
            int dim = queries.isEmpty() ? 0
                    : VectorChecks.sameLength(where, collection, null, queries, settings.dimensions());
            PgFilterSql condition = PgFilterSql.of(filter, 3);
            VectorMetric metric = settings.metric();
            String op = switch (metric) {
                case COSINE -> "<=>";
                case DOT -> "<#>";
                case L2 -> "<->";
            };
            String sql = "SELECT id, document, metadata, embedding " + op + " $1::vector AS d FROM " + table
                    + " WHERE " + condition.sql() + " ORDER BY embedding " + op + " $1::vector LIMIT $2";
            return retry.run(() -> existingDimension(collection).compose(tableDim -> {
                if (tableDim == null || queries.isEmpty()) {
                    return Future.succeededFuture(queries.stream().map(q -> List.<VectorHit>of()).toList());
                }
                if (tableDim != dim) {
                    return Future.failedFuture(mismatch(collection, tableDim, dim));
                }
                List<Future<List<VectorHit>>> each = new ArrayList<>();
                for (float[] query : queries) {
                    Tuple params = Tuple.of(vectorText(query), (long) topK);
                    condition.params().forEach(params::addValue);
                    each.add(pool.preparedQuery(sql).execute(params).map(rows -> {
                        List<VectorHit> hits = new ArrayList<>();
                        for (Row row : rows) {
                            double d = row.getDouble("d");
                            double raw = switch (metric) {
                                case COSINE -> 1.0 - d;
                                case DOT -> -d;
                                case L2 -> d;
                            };
                            double score = metric.score(raw);
                            if (scoreThreshold == null || score >= scoreThreshold) {
                                hits.add(new VectorHit(row.getString("id"), score, metric.distance(raw),
                                        row.getString("document"), metadataMap(row.getJsonObject("metadata"))));
                            }
                        }
                        return hits;
                    }));
                }
                return Future.all(each).map(all -> each.stream().map(Future::result).toList());
            }));
        });
    }

    @Override
    public Future<Integer> delete(String collection, List<String> ids, VectorFilter filter) {
        return guard(() -> {
            String table = table(collection);
            if (ids == null && (filter == null || filter.isEmpty())) {
                return Future.succeededFuture(0);
            }
            PgFilterSql condition = PgFilterSql.of(filter, ids == null ? 1 : 2);
            String sql = "DELETE FROM " + table + " WHERE " + (ids == null ? "" : "id = ANY($1) AND ")
                    + condition.sql();
            Tuple params = ids == null ? Tuple.tuple() : Tuple.of(ids.toArray(String[]::new));
            condition.params().forEach(params::addValue);
            return retry.run(() -> missingTableAs(pool.preparedQuery(sql).execute(params).map(r -> r.rowCount()), 0));
        });
    }

    @Override
    public Future<List<VectorRecord>> get(String collection, List<String> ids) {
        return guard(() -> {
            String table = table(collection);
            if (ids.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            String sql = "SELECT id, embedding::text AS embedding, document, metadata FROM " + table
                    + " WHERE id = ANY($1)";
            return retry.run(() -> missingTableAs(pool.preparedQuery(sql)
                    .execute(Tuple.of(ids.toArray(String[]::new))).map(rows -> {
                        Map<String, VectorRecord> found = new LinkedHashMap<>();
                        for (Row row : rows) {
                            found.put(row.getString("id"), new VectorRecord(row.getString("id"),
                                    parseVector(row.getString("embedding")), row.getString("document"),
                                    metadataMap(row.getJsonObject("metadata"))));
                        }
                        return ids.stream().distinct().filter(found::containsKey).map(found::get).toList();
                    }), List.of()));
        });
    }

    @Override
    public Future<Long> count(String collection, VectorFilter filter) {
        return guard(() -> {
            String table = table(collection);
            PgFilterSql condition = PgFilterSql.of(filter, 1);
            Tuple params = Tuple.tuple();
            condition.params().forEach(params::addValue);
            return retry.run(() -> missingTableAs(pool.preparedQuery("SELECT count(*) AS n FROM " + table + " WHERE "
                    + condition.sql()).execute(params).map(rows -> rows.iterator().next().getLong("n")), 0L));
        });
    }

    @Override
    public Future<Void> close() {
        return pool.close();
    }

    // --- tables -------------------------------------------------------------------------------------------------

    /** The dimension of the collection's table, or null when it has none. */
    private Future<Integer> existingDimension(String collection) {
        Integer known = dimensions.get(collection);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return pool.preparedQuery("SELECT a.atttypmod AS dim, (SELECT opc.opcname FROM pg_index i "
                        + "JOIN pg_opclass opc ON opc.oid = i.indclass[0] JOIN pg_class ic ON ic.oid = i.indexrelid "
                        + "JOIN pg_am am ON am.oid = ic.relam WHERE i.indrelid = a.attrelid AND am.amname = 'hnsw' "
                        + "LIMIT 1) AS ops FROM pg_attribute a WHERE a.attrelid = to_regclass($1) "
                        + "AND a.attname = 'embedding' AND NOT a.attisdropped")
                .execute(Tuple.of(table(collection)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    String created = switch (String.valueOf(row.getString("ops"))) {
                        case "vector_cosine_ops" -> "cosine";
                        case "vector_ip_ops" -> "dot";
                        case "vector_l2_ops" -> "l2";
                        default -> null;
                    };
                    if (created != null && !created.equals(settings.metric().id())) {
                        throw new VectorStoreException("collection '" + collection + "' in PostgreSQL at "
                                + pg.hostAndPort() + " was created with metric " + created + ", the component says "
                                + settings.metric().id() + " (use the same metric or another collection)");
                    }
                    int dim = row.getInteger("dim");
                    dimensions.put(collection, dim);
                    return dim;
                });
    }

    /** Finds or creates the collection's table for vectors of {@code dim} values; fails when it holds another size. */
    private Future<Integer> ensureTable(String collection, int dim) {
        Integer known = dimensions.get(collection);
        if (known != null) {
            return known == dim ? Future.succeededFuture(dim) : Future.failedFuture(mismatch(collection, known, dim));
        }
        Future<Integer> created = creating.computeIfAbsent(collection, c -> ensureExtension()
                .compose(ignored -> existingDimension(c))
                .compose(existing -> existing != null ? Future.succeededFuture(existing) : createTable(c, dim)));
        created.onFailure(e -> creating.remove(collection, created));
        return created.compose(existing -> existing == dim
                ? Future.succeededFuture(dim) : Future.failedFuture(mismatch(collection, existing, dim)));
    }

    private Future<Integer> createTable(String collection, int dim) {
        String table = table(collection);
        String ops = switch (settings.metric()) {
            case COSINE -> "vector_cosine_ops";
            case DOT -> "vector_ip_ops";
            case L2 -> "vector_l2_ops";
        };
        String index = quote(collection + "_embedding_hnsw");
        return pool.withTransaction(conn -> conn.query("CREATE TABLE IF NOT EXISTS " + table
                        + " (id text PRIMARY KEY, embedding vector(" + dim + ") NOT NULL, document text, "
                        + "metadata jsonb NOT NULL DEFAULT '{}'::jsonb)").execute()
                .compose(ignored -> dim > HNSW_MAX_DIMENSIONS ? Future.succeededFuture()
                        : conn.query("CREATE INDEX IF NOT EXISTS " + index + " ON " + table + " USING hnsw (embedding "
                        + ops + ")").execute().mapEmpty()))
                .map(ignored -> {
                    dimensions.put(collection, dim);
                    return dim;
                });
    }

    private synchronized Future<Void> ensureExtension() {
        if (extension == null || extension.failed()) {
            extension = pool.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'").execute()
                    .compose(rows -> rows.size() > 0 ? Future.<Void>succeededFuture()
                            : pool.query("CREATE EXTENSION IF NOT EXISTS vector").execute()
                            .<Void>mapEmpty()
                            .recover(e -> Future.failedFuture(extensionFailure(e))));
        }
        return extension;
    }

    private Throwable extensionFailure(Throwable e) {
        if (e instanceof PgException pgError) {
            String message = pgError.getErrorMessage();
            if ("42501".equals(pgError.getSqlState())) {
                return new VectorStoreException(where + ": user '" + pg.connect().getUser()
                        + "' may not create the pgvector extension in database '" + pg.connect().getDatabase()
                        + "' at " + pg.hostAndPort() + " (" + message
                        + "); ask an administrator to run CREATE EXTENSION vector there");
            }
            if (message != null && message.contains("extension control file")) {
                return new VectorStoreException(where + ": the PostgreSQL server at " + pg.hostAndPort()
                        + " has no pgvector extension installed (" + message
                        + "); on Debian 12 run scripts/install-pgvector.sh on that machine, "
                        + "see docs/vector-store-servers.md");
            }
        }
        return e;
    }

    // --- checks and errors ----------------------------------------------------------------------------------------

    private VectorStoreException mismatch(String collection, int existing, int dim) {
        return VectorStoreException.dimensionMismatch(collection, existing, dim);
    }

    private static VectorStoreException noVector(String id, String collection) {
        return VectorStoreException.missingVector(collection, id);
    }

    private Throwable duplicateId(Throwable e, String collection) {
        if (e instanceof PgException pgError && "23505".equals(pgError.getSqlState())) {
            String detail = pgError.getDetail() == null ? "" : pgError.getDetail();
            int start = detail.indexOf("=(");
            int end = detail.lastIndexOf(") already exists");
            String id = start >= 0 && end > start ? detail.substring(start + 2, end) : "?";
            return VectorStoreException.duplicateId(collection, id);
        }
        return e;
    }

    /** A missing table reads as an empty collection. */
    private static <T> Future<T> missingTableAs(Future<T> query, T empty) {
        return query.recover(e -> e instanceof PgException pgError && "42P01".equals(pgError.getSqlState())
                ? Future.succeededFuture(empty) : Future.failedFuture(e));
    }

    private <T> Future<T> guard(java.util.function.Supplier<Future<T>> call) {
        Future<T> future;
        try {
            future = call.get();
        } catch (VectorStoreException e) {
            return Future.failedFuture(e);
        }
        return future.recover(e -> Future.failedFuture(explain(e)));
    }

    private Throwable explain(Throwable e) {
        if (e instanceof VectorStoreException) {
            return e;
        }
        if (e instanceof PgException pgError) {
            String state = pgError.getSqlState();
            if ("28P01".equals(state) || "28000".equals(state)) {
                return new VectorStoreException(where + ": PostgreSQL at " + pg.hostAndPort() + " refused user '"
                        + pg.connect().getUser() + "': " + pgError.getErrorMessage() + " (check user and password)", e);
            }
            if ("3D000".equals(state)) {
                return new VectorStoreException(where + ": PostgreSQL at " + pg.hostAndPort() + ": "
                        + pgError.getErrorMessage() + " (create it, or set database:)", e);
            }
            return new VectorStoreException(where + ": PostgreSQL at " + pg.hostAndPort() + ": "
                    + pgError.getErrorMessage(), e);
        }
        return new VectorStoreException(where + ": PostgreSQL at " + pg.hostAndPort() + ": " + e.getMessage(), e);
    }

    private String table(String collection) {
        if (collection == null || !COLLECTION.matcher(collection).matches()) {
            throw new VectorStoreException(where + ": collection '" + collection + "' is not a valid table name for "
                    + "pgvector (letters, digits, _, - and ., at most 48 characters)");
        }
        return quote(collection);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    // --- values ---------------------------------------------------------------------------------------------------

    static String vectorText(float[] vector) {
        StringBuilder text = new StringBuilder(vector.length * 10).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(vector[i]);
        }
        return text.append(']').toString();
    }

    static float[] parseVector(String text) {
        String inner = text.substring(1, text.length() - 1);
        if (inner.isEmpty()) {
            return new float[0];
        }
        String[] parts = inner.split(",");
        float[] vector = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            vector[i] = Float.parseFloat(parts[i]);
        }
        return vector;
    }

    private static JsonObject metadataJson(Map<String, Object> metadata) {
        return metadata == null ? new JsonObject() : new JsonObject(new LinkedHashMap<>(metadata));
    }

    private static Map<String, Object> metadataMap(JsonObject json) {
        return json == null ? Map.of() : new LinkedHashMap<>(json.getMap());
    }
}
