package dev.modelcompose.components.http;

import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The request fields shared by an action and its polling {@code completion}: exactly one of {@code endpoint} (an
 * absolute URL) or {@code path} (joined to the component's {@code base_url}), {@code method}, {@code headers},
 * {@code params} (null values dropped) and {@code body}; all but {@code method} are templates.
 */
record RequestTemplate(Template endpoint, Template path, HttpMethod method, Template headers, Template params,
                       Template body) {
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    static final String USER_AGENT = "model-compose-jvm";

    static RequestTemplate compile(ConfigMap config, boolean hasBaseUrl, Set<String> sources, String defaultMethod) {
        ConfigNode endpoint = ConfigFields.node(config, "endpoint");
        ConfigNode path = ConfigFields.node(config, "path");
        if (endpoint != null && path != null) {
            throw ComposeException.at(path, "give either endpoint or path, not both",
                    "endpoint is a full URL; path is joined to the component's base_url");
        }
        if (endpoint == null && path == null) {
            throw ComposeException.at(config, "an http request needs endpoint (a full URL) or path (joined to base_url)");
        }
        if (path != null && !hasBaseUrl) {
            throw ComposeException.at(path, "path needs base_url on the component",
                    "set base_url, or write the full URL as endpoint");
        }
        Template endpointTemplate = endpoint == null ? null : urlTemplate(endpoint, sources, true);
        Template pathTemplate = path == null ? null : urlTemplate(path, sources, false);
        return new RequestTemplate(endpointTemplate, pathTemplate, method(config, defaultMethod),
                mappingOrBinding(config, "headers", sources), mappingOrBinding(config, "params", sources),
                ConfigFields.template(config, "body", sources));
    }

    private static Template urlTemplate(ConfigNode node, Set<String> sources, boolean absolute) {
        if (!(node instanceof ConfigScalar scalar && scalar.isString())) {
            throw ComposeException.at(node, "expected " + (absolute ? "a URL" : "a path") + " (a string), got "
                    + node.describe());
        }
        Template template = Template.compile(node, sources);
        if (absolute && template.isConstant() && !isHttpUrl((String) scalar.value())) {
            throw ComposeException.at(node, "expected an absolute http or https URL, got '" + scalar.value() + "'");
        }
        return template;
    }

    private static HttpMethod method(ConfigMap config, String defaultMethod) {
        ConfigNode node = ConfigFields.node(config, "method");
        if (node == null) {
            return HttpMethod.valueOf(defaultMethod);
        }
        String written = node instanceof ConfigScalar scalar && scalar.isString() ? (String) scalar.value() : null;
        String upper = written == null ? null : written.toUpperCase(Locale.ROOT);
        if (upper == null || !METHODS.contains(upper)) {
            throw ComposeException.at(node, "expected one of " + String.join(", ", METHODS) + ", got "
                    + ConfigFields.describeValue(node), written == null ? null : DidYouMean.hint(upper, METHODS));
        }
        return HttpMethod.valueOf(upper);
    }

    /** A mapping, or one binding that renders to a mapping; null when absent. */
    static Template mappingOrBinding(ConfigMap config, String key, Set<String> sources) {
        ConfigNode node = ConfigFields.node(config, key);
        if (node == null) {
            return null;
        }
        boolean binding = node instanceof ConfigScalar scalar && scalar.isString()
                && ConfigFields.isSingleBinding(scalar, sources);
        if (!(node instanceof ConfigMap) && !binding) {
            throw ComposeException.at(node, "expected a mapping or a binding, got " + ConfigFields.describeValue(node));
        }
        return Template.compile(node, sources);
    }

    /**
     * Renders the request against {@code scope}; component headers come first, the action's override them. Streams
     * in headers, params or the body are collected before the request is built.
     */
    Future<HttpRequestPlan> render(Scope scope, Template baseUrl, Template componentHeaders, Duration timeout) {
        String url = endpoint != null ? ValueText.of(endpoint.render(scope))
                : join(ValueText.of(baseUrl.render(scope)), ValueText.of(path.render(scope)));
        if (!isHttpUrl(url)) {
            throw new ComponentCallException((endpoint != null ? "endpoint" : "base_url with path")
                    + " must give an absolute http or https URL, got '" + url + "'");
        }
        List<Object> parts = Arrays.asList(renderOrNull(componentHeaders, scope), renderOrNull(headers, scope),
                renderOrNull(params, scope), renderOrNull(body, scope));
        return ChunkStream.drainAll(parts).map(settled -> build(url, (List<?>) settled, timeout));
    }

    private static Object renderOrNull(Template template, Scope scope) {
        return template == null ? null : template.render(scope);
    }

    private HttpRequestPlan build(String written, List<?> parts, Duration timeout) {
        MultiMap headerMap = HttpHeaders.headers();
        addHeaders(headerMap, parts.get(0));
        addHeaders(headerMap, parts.get(1));
        if (!headerMap.contains(HttpHeaders.USER_AGENT)) {
            headerMap.set(HttpHeaders.USER_AGENT, USER_AGENT);
        }
        String url = written;
        String query = query(parts.get(2));
        int mark = url.indexOf('?');
        if (mark >= 0) {
            String inUrl = url.substring(mark + 1);
            query = query.isEmpty() ? inUrl : inUrl + "&" + query;
            url = url.substring(0, mark);
        }
        RequestBody encoded = RequestBody.encode(parts.get(3), headerMap);
        return new HttpRequestPlan(method, url, query, headerMap, encoded, timeout);
    }

    private static void addHeaders(MultiMap target, Object rendered) {
        if (rendered == null) {
            return;
        }
        if (!(rendered instanceof Map<?, ?> map)) {
            throw new ComponentCallException("headers must render to a mapping, got " + ValueText.describe(rendered));
        }
        map.forEach((name, value) -> {
            if (value != null) {
                target.set(String.valueOf(name), ValueText.of(value));
            }
        });
    }

    private static String query(Object rendered) {
        if (rendered == null) {
            return "";
        }
        if (!(rendered instanceof Map<?, ?> map)) {
            throw new ComponentCallException("params must render to a mapping, got " + ValueText.describe(rendered));
        }
        StringJoiner query = new StringJoiner("&");
        map.forEach((name, value) -> {
            List<?> values = value instanceof List<?> list ? list : Collections.singletonList(value);
            for (Object item : values) {
                if (item != null) {
                    query.add(encode(String.valueOf(name)) + "=" + encode(ValueText.of(item)));
                }
            }
        });
        return query.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String join(String baseUrl, String path) {
        if (path.isEmpty()) {
            return baseUrl;
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + (path.startsWith("/") ? path : "/" + path);
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
