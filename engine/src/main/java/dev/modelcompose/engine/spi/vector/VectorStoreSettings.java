package dev.modelcompose.engine.spi.vector;

import java.nio.file.Path;
import java.util.Map;

/**
 * A vector-store component's settings.
 *
 * @param componentId the component's id, for messages
 * @param collection  the default collection ({@code collection:}, else the component id); actions may name another
 * @param dimensions  {@code dimensions:} (also accepted as {@code dimension:}); null means inferred from the first insert
 * @param metric      how vectors compare
 * @param path        for embedded stores: the index folder, absolute (default {@code .compose/vectors/<component id>}
 *                    under the compose file's folder)
 * @param config      the component's whole mapping as plain values (host, port, url, api_key, database, user,
 *                    password, tenant, timeout, ...); a driver reads those it knows
 * @param baseDir     the compose file's folder
 */
public record VectorStoreSettings(String componentId, String collection, Integer dimensions, VectorMetric metric,
                                  Path path, Map<String, Object> config, Path baseDir) {
}
