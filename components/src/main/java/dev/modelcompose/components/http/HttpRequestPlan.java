package dev.modelcompose.components.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

import java.time.Duration;

/**
 * One rendered request, ready to send.
 *
 * @param url     the URL without query, as error messages show it (a query may hold keys)
 * @param query   the encoded query ({@code a=1&b=2}), empty for none
 * @param timeout null for none
 */
record HttpRequestPlan(HttpMethod method, String url, String query, MultiMap headers, RequestBody body,
                       Duration timeout) {

    String uri() {
        return query.isEmpty() ? url : url + "?" + query;
    }

    /** {@code POST http://host/path}, the start of every error message about this request. */
    String describe() {
        return method.name() + " " + url;
    }
}
