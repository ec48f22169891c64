package dev.modelcompose.components.http;

import dev.modelcompose.engine.value.ValueText;
import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.components.DurationSetting;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code completion: {type: polling, ...}}: after the first response, poll another request every {@code interval}
 * (first poll after one interval) until {@code status} matches {@code success_when} (done) or {@code fail_when}
 * (failed), or {@code timeout} passes. Request fields may read {@code ${response}} (the first response); {@code status}
 * also reads {@code ${result}} (the poll's response). Without {@code status} the poll's HTTP status code is matched.
 * {@code success_when} is required; patterns such as {@code 2xx} match status codes.
 *
 * @param status null: match the HTTP status code
 */
record PollingCompletion(RequestTemplate request, Template status, List<Object> successWhen, List<Object> failWhen,
                         Duration interval, Duration timeout) {
    static final List<String> KEYS = List.of("type", "endpoint", "path", "method", "headers", "params", "body",
            "status", "success_when", "fail_when", "interval", "timeout");
    static final Set<String> REQUEST_SOURCES = CallScope.requestAnd(Sources.RESPONSE);
    static final Set<String> STATUS_SOURCES = CallScope.requestAnd(Sources.RESPONSE, Sources.RESULT);

    static PollingCompletion read(ConfigMap action, boolean hasBaseUrl) {
        ConfigNode node = ConfigFields.node(action, "completion");
        if (node == null) {
            return null;
        }
        if (!(node instanceof ConfigMap config)) {
            throw ComposeException.at(node, "expected a mapping such as {type: polling, path: ..., status: ...}, got "
                    + node.describe());
        }
        String type = ConfigFields.string(config, "type", null);
        if (type == null) {
            throw ComposeException.at(config, "completion needs type: polling");
        }
        if (!type.equals("polling")) {
            throw ComposeException.at(config.get("type"), "completion type '" + type + "' is not supported",
                    "use type: polling");
        }
        for (String key : config.keys()) {
            if (!KEYS.contains(key) && !key.startsWith("x-")) {
                throw ComposeException.at(config.get(key), "unknown key '" + key + "' in completion",
                        DidYouMean.hint(key, KEYS));
            }
        }
        RequestTemplate request = RequestTemplate.compile(config, hasBaseUrl, REQUEST_SOURCES, "GET");
        Template status = ConfigFields.template(config, "status", STATUS_SOURCES);
        List<Object> successWhen = patterns(config, "success_when");
        if (successWhen.isEmpty()) {
            throw ComposeException.at(config, "completion needs success_when",
                    status != null ? "for example success_when: [completed]" : "for example success_when: 200");
        }
        Duration interval = DurationSetting.read(config, "interval", Set.of(), DurationSetting.of(Duration.ofSeconds(5)))
                .resolve(null);
        Duration timeout = DurationSetting.read(config, "timeout", Set.of(),
                DurationSetting.of(Duration.ofSeconds(300))).resolve(null);
        return new PollingCompletion(request, status, successWhen, patterns(config, "fail_when"), interval, timeout);
    }

    private static List<Object> patterns(ConfigMap config, String key) {
        ConfigNode node = ConfigFields.node(config, key);
        List<Object> patterns = new ArrayList<>();
        if (node == null) {
            return patterns;
        }
        List<ConfigNode> items = node instanceof ConfigList list ? list.items() : List.of(node);
        for (ConfigNode item : items) {
            if (!(item instanceof ConfigScalar scalar) || scalar.isNull()) {
                throw ComposeException.at(item, "expected a value or a list of values, got " + item.describe());
            }
            patterns.add(scalar.value());
        }
        return List.copyOf(patterns);
    }

    /** Whether a status value matches one of {@code patterns}: equal as text, or {@code 2xx} for status codes. */
    static boolean matches(Object status, List<Object> patterns) {
        String text = ValueText.of(status);
        for (Object pattern : patterns) {
            String written = ValueText.of(pattern);
            if (written.equals(text)) {
                return true;
            }
            if (written.length() == 3 && written.substring(1).equalsIgnoreCase("xx") && text.length() == 3
                    && text.chars().allMatch(Character::isDigit) && text.charAt(0) == written.charAt(0)) {
                return true;
            }
        }
        return false;
    }
}
