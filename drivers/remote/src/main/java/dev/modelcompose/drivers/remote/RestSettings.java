package dev.modelcompose.drivers.remote;

import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.spi.vector.VectorStoreException;

import java.net.URI;
import java.util.Map;

/**
 * Where a REST vector server is: {@code url} or {@code endpoint} ({@code http://host:port[/prefix]}), or {@code host}
 * (127.0.0.1), {@code port} and {@code protocol} (http or https); {@code api_key}, {@code timeout} (a duration per
 * request, 30s) and {@code retries} (attempts after the first while the server cannot be reached, 3).
 */
public record RestSettings(String host, int port, boolean https, String basePath, String apiKey, int timeoutMs, int retries) {

    /** Reads the fields from a component's {@code config}; bad values are {@link VectorStoreException}s. */
    public static RestSettings of(String componentId, Map<String, Object> config, int defaultPort) {
        Map<String, Object> c = config == null ? Map.of() : config;
        String where = "vector store '" + componentId + "'";
        String apiKey = c.get("api_key") == null ? null : c.get("api_key").toString();
        int timeout = timeoutMs(c.get("timeout"), where);
        int retries = integer(c, "retries", 3, where);
        Object url = c.get("url") != null ? c.get("url") : c.get("endpoint");
        String key = c.get("url") != null ? "url" : "endpoint";
        if (url != null) {
            URI uri;
            try {
                uri = URI.create(url.toString());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new VectorStoreException(where + ": " + key + " must be http://host:port or https://host:port, got '"
                        + url + "'");
            }
            boolean https = "https".equals(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : defaultPort;
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            return new RestSettings(uri.getHost(), port, https, path, apiKey, timeout, retries);
        }
        String host = c.get("host") == null ? "127.0.0.1" : c.get("host").toString();
        String protocol = String.valueOf(c.getOrDefault("protocol", "http"));
        if (!protocol.equals("http") && !protocol.equals("https")) {
            throw new VectorStoreException(where + ": protocol must be http or https, got '" + protocol + "'");
        }
        boolean https = protocol.equals("https");
        return new RestSettings(host, integer(c, "port", defaultPort, where), https, "", apiKey, timeout, retries);
    }

    /** {@code host:port}, for messages. */
    public String hostAndPort() {
        return host + ":" + port;
    }

    private static int timeoutMs(Object value, String where) {
        if (value == null) {
            return 30_000;
        }
        try {
            long millis = Durations.parse(value).toMillis();
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
        } catch (IllegalArgumentException e) {
            throw new VectorStoreException(where + ": timeout: " + e.getMessage());
        }
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
