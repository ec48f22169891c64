package dev.modelcompose.components.httpserver;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.components.DurationSetting;
import dev.modelcompose.components.http.HttpActionSet;
import dev.modelcompose.components.http.HttpClientComponentType;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: http-server}: a local server (vLLM, Ollama, any HTTP server) that compose installs, starts, health
 * checks, restarts and stops, and whose actions are http-client actions relative to
 * {@code http://127.0.0.1:{port}{base_path}}. Component fields: {@code manage} ({@link ManageScripts}), {@code port}
 * (8000), {@code base_path}, {@code headers}, {@code timeout} (per request, 60s), {@code health}
 * ({@link HealthCheck}), {@code restart} ({@link RestartPolicy}), {@code stop_timeout} (10s).
 */
public final class HttpServerComponentType implements ComponentType {
    public static final String NAME = "http-server";
    public static final int DEFAULT_PORT = 8000;
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Component create(ComponentSpec spec, ComponentSetup setup) {
        ConfigMap config = spec.config();
        Path baseDir = setup.baseDir() == null ? Path.of("").toAbsolutePath() : setup.baseDir();
        int port = port(config);
        String basePath = ConfigFields.string(config, "base_path", "");
        if (!basePath.isEmpty() && !basePath.startsWith("/")) {
            throw ComposeException.at(config.get("base_path"), "expected a path starting with /, got '" + basePath
                    + "'");
        }
        Template baseUrl = Template.constant("http://127.0.0.1:" + port + basePath);
        Template headers = HttpActionSet.headers(config);
        DurationSetting timeout = DurationSetting.read(config, "timeout", CallScope.REQUEST,
                DurationSetting.of(HttpClientComponentType.DEFAULT_TIMEOUT));
        HttpActionSet actions = HttpActionSet.compile(spec, baseUrl, headers, timeout);
        ManageScripts scripts = ManageScripts.read(config, baseDir);
        HealthCheck health = health(config);
        RestartPolicy restart = restart(config);
        Duration stopTimeout = duration(config, "stop_timeout", DEFAULT_STOP_TIMEOUT);
        ManagedServer server = scripts.start() == null ? null
                : new ManagedServer(spec.id(), port, scripts, health, restart, stopTimeout, baseDir);
        if (server == null && !scripts.setup().isEmpty()) {
            throw ComposeException.at(config, "install and build steps need a start command",
                    "add manage.start, the command that runs the server");
        }
        return new HttpServerComponent(spec, actions, server);
    }

    private static int port(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "port");
        if (node == null) {
            return DEFAULT_PORT;
        }
        Object value = node instanceof ConfigScalar scalar ? scalar.value() : null;
        try {
            int port = value instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(value)
                    .trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ComposeException.at(node, "expected a port number from 1 to 65535, got " + ConfigFields.describeValue(node));
    }

    private static HealthCheck health(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "health");
        if (node == null) {
            return new HealthCheck(null, HealthCheck.DEFAULT_INTERVAL, HealthCheck.DEFAULT_TIMEOUT);
        }
        if (!(node instanceof ConfigMap health)) {
            throw ComposeException.at(node, "expected a mapping {path, interval, timeout}, got " + node.describe());
        }
        String path = ConfigFields.string(health, "path", null);
        if (path != null && !path.startsWith("/")) {
            throw ComposeException.at(health.get("path"), "expected a path starting with /, got '" + path + "'");
        }
        return new HealthCheck(path, duration(health, "interval", HealthCheck.DEFAULT_INTERVAL),
                duration(health, "timeout", HealthCheck.DEFAULT_TIMEOUT));
    }

    private static RestartPolicy restart(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "restart");
        if (node == null) {
            return RestartPolicy.ON_FAILURE;
        }
        // YAML 1.2 reads a bare no as the string "no"; false is accepted too
        Object value = node instanceof ConfigScalar scalar ? scalar.value() : null;
        String written = Boolean.FALSE.equals(value) ? "no" : value instanceof String text
                ? text.toLowerCase(Locale.ROOT) : null;
        for (RestartPolicy policy : RestartPolicy.values()) {
            if (policy.written.equals(written)) {
                return policy;
            }
        }
        List<String> names = Arrays.stream(RestartPolicy.values()).map(p -> p.written).toList();
        throw ComposeException.at(node, "expected one of " + String.join(", ", names) + ", got "
                + ConfigFields.describeValue(node), written == null ? null : DidYouMean.hint(written, names));
    }

    private static Duration duration(ConfigMap config, String key, Duration fallback) {
        ConfigNode node = ConfigFields.node(config, key);
        if (node == null) {
            return fallback;
        }
        if (!(node instanceof ConfigScalar scalar)) {
            throw ComposeException.at(node, "expected " + Durations.EXPECTED + ", got " + node.describe());
        }
        try {
            Duration duration = Durations.parse(scalar.value());
            if (duration.isZero() || duration.isNegative()) {
                throw ComposeException.at(node, "expected a duration above zero, got " + scalar.value());
            }
            return duration;
        } catch (IllegalArgumentException e) {
            throw ComposeException.at(node, e.getMessage());
        }
    }
}
