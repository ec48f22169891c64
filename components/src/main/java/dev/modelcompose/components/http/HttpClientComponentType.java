package dev.modelcompose.components.http;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.components.DurationSetting;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;

import java.time.Duration;

/**
 * {@code type: http-client}: calls an HTTP API. Component fields {@code base_url}, {@code headers}, {@code timeout}
 * (default 60s per request) and {@code rate_limit}; action fields in {@link HttpAction}.
 */
public final class HttpClientComponentType implements ComponentType {
    public static final String NAME = "http-client";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Component create(ComponentSpec spec, ComponentSetup setup) {
        ConfigMap config = spec.config();
        Template baseUrl = baseUrl(config);
        Template headers = HttpActionSet.headers(config);
        DurationSetting timeout = DurationSetting.read(config, "timeout", CallScope.REQUEST,
                DurationSetting.of(DEFAULT_TIMEOUT));
        return new HttpClientComponent(spec, HttpActionSet.compile(spec, baseUrl, headers, timeout,
                RateLimiter.read(config)));
    }

    private static Template baseUrl(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "base_url");
        if (node == null) {
            return null;
        }
        if (!(node instanceof ConfigScalar scalar && scalar.isString())) {
            throw ComposeException.at(node, "expected a URL (a string), got " + node.describe());
        }
        Template template = Template.compile(node, CallScope.REQUEST);
        if (template.isConstant() && !RequestTemplate.isHttpUrl((String) scalar.value())) {
            throw ComposeException.at(node, "expected an absolute http or https URL, got '" + scalar.value() + "'");
        }
        return template;
    }
}
