package dev.modelcompose.drivers.pgvector;

import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.pgclient.PgConnectOptions;

import java.util.Map;

/**
 * The connection settings of a {@code pgvector} component: {@code url} or {@code endpoint}
 * ({@code postgresql://user:password@host:port/db}) or {@code host} (127.0.0.1), {@code port} (5432), {@code database}
 * (postgres), {@code user} (postgres), {@code password}; plus {@code pool_size} (4), {@code timeout} (connect timeout,
 * a duration, 10s), {@code retries} (connection attempts after the first, 3) and {@code ef_search} (HNSW candidate
 * list size per search, 40 as in pgvector).
 */
record PgVectorSettings(PgConnectOptions connect, int connectTimeoutMs, int poolSize, int retries, int efSearch) {

    static PgVectorSettings of(VectorStoreSettings settings) {
        Map<String, Object> config = settings.config() == null ? Map.of() : settings.config();
        String where = "vector store '" + settings.componentId() + "'";
        PgConnectOptions connect;
        Object url = config.get("url") != null ? config.get("url") : config.get("endpoint");
        if (url != null) {
            String text = url.toString();
            if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
                throw new VectorStoreException(where + ": url must start with postgresql://, got '" + text
                        + "' (example: postgresql://user:password@127.0.0.1:5432/mydb)");
            }
            try {
                connect = PgConnectOptions.fromUri(text);
            } catch (RuntimeException e) {
                throw new VectorStoreException(where + ": url '" + text + "' is not a PostgreSQL URL: " + e.getMessage());
            }
        } else {
            connect = new PgConnectOptions()
                    .setHost(text(config, "host", "127.0.0.1"))
                    .setPort(integer(config, "port", 5432, where))
                    .setDatabase(text(config, "database", "postgres"))
                    .setUser(text(config, "user", "postgres"));
            Object password = config.get("password");
            if (password != null) {
                connect.setPassword(password.toString());
            }
        }
        if (url != null) {
            // explicit fields win over the URL's parts
            if (config.get("password") != null) {
                connect.setPassword(config.get("password").toString());
            }
        }
        int timeoutMs = 10_000;
        if (config.get("timeout") != null) {
            try {
                timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Durations.parse(config.get("timeout")).toMillis()));
            } catch (IllegalArgumentException e) {
                throw new VectorStoreException(where + ": timeout: " + e.getMessage());
            }
        }
        return new PgVectorSettings(connect, timeoutMs, integer(config, "pool_size", 4, where), integer(config, "retries", 3, where),
                integer(config, "ef_search", 40, where));
    }

    String hostAndPort() {
        return connect.getHost() + ":" + connect.getPort();
    }

    private static String text(Map<String, Object> config, String key, String fallback) {
        Object value = config.get(key);
        return value == null ? fallback : value.toString();
    }

    private static int integer(Map<String, Object> config, String key, int fallback, String where) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() >= 0) {
            return n.intValue();
        }
        try {
            int parsed = Integer.parseInt(value.toString().trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new VectorStoreException(where + ": " + key + " must be a whole number, got '" + value + "'");
    }
}
