package dev.modelcompose.components.http;

import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.value.Json;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientForm;
import io.vertx.core.http.ClientMultipartForm;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A request body encoded by the merged {@code Content-Type}: {@code application/x-www-form-urlencoded} and
 * {@code multipart/form-data} send a mapping as a form (bytes become file parts); otherwise a mapping, list, number or
 * boolean goes out as JSON (a JSON Content-Type makes a string JSON too), a string as UTF-8 text and bytes as they are.
 */
abstract sealed class RequestBody {
    static final RequestBody NONE = new Empty();

    /** Encodes {@code value}, adding a Content-Type to {@code headers} when none was written. */
    static RequestBody encode(Object value, MultiMap headers) {
        if (value == null) {
            return NONE;
        }
        String type = MediaType.of(headers.get(HttpHeaders.CONTENT_TYPE));
        if (type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data")) {
            if (value instanceof String text) {
                return new Bytes(Buffer.buffer(text));
            }
            if (!(value instanceof Map<?, ?> fields)) {
                throw new ComponentCallException("a " + type + " body must be a mapping, got " + ValueText.describe(value));
            }
            // Vert.x writes the Content-Type itself, with the multipart boundary
            headers.remove(HttpHeaders.CONTENT_TYPE);
            return new Form(type.startsWith("multipart/") ? multipart(fields) : urlEncoded(fields));
        }
        if (MediaType.isJson(type) || value instanceof Map<?, ?> || value instanceof List<?> || value instanceof Number
                || value instanceof Boolean) {
            if (type.isEmpty()) {
                headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
            }
            return new Bytes(Buffer.buffer(Json.write(value)));
        }
        if (value instanceof byte[] bytes) {
            if (type.isEmpty()) {
                headers.set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            }
            return new Bytes(Buffer.buffer(bytes));
        }
        if (type.isEmpty()) {
            headers.set(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
        }
        return new Bytes(Buffer.buffer(ValueText.of(value).getBytes(StandardCharsets.UTF_8)));
    }

    abstract Future<HttpClientResponse> sendWith(HttpClientRequest request);

    private static ClientForm urlEncoded(Map<?, ?> fields) {
        ClientForm form = ClientForm.form();
        fields.forEach((name, value) -> eachValue(value, item -> form.attribute(String.valueOf(name), item)));
        return form;
    }

    private static ClientMultipartForm multipart(Map<?, ?> fields) {
        ClientMultipartForm form = ClientMultipartForm.multipartForm();
        fields.forEach((name, value) -> {
            String field = String.valueOf(name);
            if (value instanceof byte[] bytes) {
                form.binaryFileUpload(field, field, "application/octet-stream", Buffer.buffer(bytes));
            } else {
                eachValue(value, item -> form.attribute(field, item));
            }
        });
        return form;
    }

    /** A list gives one field per item; null values are left out. */
    private static void eachValue(Object value, Consumer<String> add) {
        if (value instanceof List<?> items) {
            items.stream().filter(Objects::nonNull).forEach(item -> add.accept(ValueText.of(item)));
        } else if (value != null) {
            add.accept(ValueText.of(value));
        }
    }

    private static final class Empty extends RequestBody {
        @Override
        Future<HttpClientResponse> sendWith(HttpClientRequest request) {
            return request.send();
        }
    }

    private static final class Bytes extends RequestBody {
        private final Buffer content;

        Bytes(Buffer content) {
            this.content = content;
        }

        @Override
        Future<HttpClientResponse> sendWith(HttpClientRequest request) {
            return request.send(content);
        }
    }

    private static final class Form extends RequestBody {
        private final ClientForm form;

        Form(ClientForm form) {
            this.form = form;
        }

        @Override
        Future<HttpClientResponse> sendWith(HttpClientRequest request) {
            return request.send(form);
        }
    }
}
