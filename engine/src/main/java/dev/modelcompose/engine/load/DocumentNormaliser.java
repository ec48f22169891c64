package dev.modelcompose.engine.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites the model-compose shorthands of one file into their long forms, keeping every node's mark and path:
 * singular keys become plural lists ({@code component} → {@code components}, {@code workflow}, {@code job},
 * {@code action}, {@code adapter}, ...), a lone item without id gets the placeholder id ({@code __component__},
 * {@code __workflow__}, {@code __job__}, {@code __action__}), and job shorthands are expanded ({@code retry: 3},
 * {@code on_error: ignore}, {@code depends_on: a}, inline {@code if} and {@code switch} conditions).
 */
final class DocumentNormaliser {
    private static final List<String> IF_FIELDS = List.of("operator", "value", "if_true", "if_false");
    private static final List<String> SWITCH_FIELDS = List.of("value", "then");
    private static final Map<String, String> OTHER_TOP_LEVEL = Map.of("listener", "listeners", "gateway",
            "gateways", "system", "systems", "tracer", "tracers", "logger", "loggers");

    private DocumentNormaliser() {
    }

    static ConfigMap normalise(ConfigMap root) {
        ConfigMapBuilder document = new ConfigMapBuilder(root);
        pluralise(document, "component", "components", "__component__");
        pluralise(document, "workflow", "workflows", "__workflow__");
        for (Map.Entry<String, String> other : new LinkedHashMap<>(OTHER_TOP_LEVEL).entrySet()) {
            pluralise(document, other.getKey(), other.getValue(), null);
        }
        mapItems(document, "components", DocumentNormaliser::component);
        mapItems(document, "workflows", DocumentNormaliser::workflow);
        if (document.get("controller") instanceof ConfigMap controller) {
            ConfigMapBuilder builder = new ConfigMapBuilder(controller);
            pluralise(builder, "adapter", "adapters", null);
            document.put("controller", builder.build(), document.keyMark("controller"));
        }
        return document.build();
    }

    static ConfigMap component(ConfigMap component) {
        ConfigMapBuilder builder = new ConfigMapBuilder(component);
        pluralise(builder, "action", "actions", "__action__");
        return builder.build();
    }

    private static ConfigMap workflow(ConfigMap workflow) {
        ConfigMapBuilder builder = new ConfigMapBuilder(workflow);
        pluralise(builder, "job", "jobs", "__job__");
        mapItems(builder, "jobs", DocumentNormaliser::job);
        return builder.build();
    }

    private static ConfigMap job(ConfigMap job) {
        ConfigMapBuilder builder = new ConfigMapBuilder(job);
        ConfigNode retry = builder.get("retry");
        if (retry instanceof ConfigScalar scalar && isInteger(scalar.value())) {
            builder.put("retry", singleEntry("max_attempt_count", scalar, retry), builder.keyMark("retry"));
        }
        ConfigNode onError = builder.get("on_error");
        if (onError instanceof ConfigScalar scalar && scalar.value() instanceof String text
                && text.strip().toLowerCase(Locale.ROOT).equals("ignore")) {
            builder.put("on_error", new ConfigMap(Map.of(), Map.of(), onError.mark(), onError.path()),
                    builder.keyMark("on_error"));
        }
        ConfigNode dependsOn = builder.get("depends_on");
        if (dependsOn instanceof ConfigScalar scalar && scalar.value() instanceof String) {
            builder.put("depends_on", new ConfigList(List.of(dependsOn), dependsOn.mark(), dependsOn.path()),
                    builder.keyMark("depends_on"));
        }
        String type = builder.get("type") instanceof ConfigScalar scalar && scalar.value() instanceof String text
                ? text : null;
        if ("if".equals(type)) {
            inlineCondition(builder, job, IF_FIELDS, "conditions");
        } else if ("switch".equals(type)) {
            inlineCondition(builder, job, SWITCH_FIELDS, "cases");
        }
        if (builder.get("component") instanceof ConfigMap inline) {
            builder.put("component", component(inline), builder.keyMark("component"));
        }
        if (builder.get("do") instanceof ConfigMap body && body.get("component") instanceof ConfigMap inline) {
            ConfigMapBuilder doBuilder = new ConfigMapBuilder(body);
            doBuilder.put("component", component(inline), body.keyMark("component"));
            builder.put("do", doBuilder.build(), builder.keyMark("do"));
        }
        return builder.build();
    }

    private static void inlineCondition(ConfigMapBuilder builder, ConfigMap job, List<String> fields,
                                        String listKey) {
        List<String> present = fields.stream().filter(builder::has).toList();
        if (present.isEmpty()) {
            return;
        }
        if (builder.has(listKey)) {
            throw new ComposeException(new Problem(job.keyMark(present.get(0)), job.path(),
                    "give either '" + listKey + "' or the inline " + String.join("/", fields) + " fields, not both",
                    null));
        }
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        Map<String, SourceMark> keyMarks = new LinkedHashMap<>();
        for (String field : present) {
            entries.put(field, builder.get(field));
            keyMarks.put(field, builder.keyMark(field));
        }
        SourceMark first = builder.keyMark(present.get(0));
        ConfigMap condition = new ConfigMap(entries, keyMarks, first, job.path());
        ConfigList list = new ConfigList(List.of(condition), first, ConfigNode.childPath(job.path(), listKey));
        builder.replaceKeys(present, listKey, list);
    }

    private static ConfigMap singleEntry(String key, ConfigNode value, ConfigNode at) {
        return new ConfigMap(Map.of(key, value), Map.of(key, at.mark()), at.mark(), at.path());
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
    }

    /**
     * {@code singular} → {@code plural}: a mapping becomes a one-item list; both present is an error. A lone
     * mapping item without {@code id} gets {@code defaultId} (when not null).
     */
    private static void pluralise(ConfigMapBuilder map, String singular, String plural, String defaultId) {
        if (map.has(singular)) {
            if (map.has(plural)) {
                throw new ComposeException(new Problem(map.keyMark(singular), map.get(singular).path(),
                        "both '" + singular + "' and '" + plural + "' are given",
                        "use one: put every item under '" + plural + "'"));
            }
            ConfigNode value = map.get(singular);
            ConfigNode list = value instanceof ConfigMap
                    ? new ConfigList(List.of(value), value.mark(), value.path()) : value;
            map.rename(singular, plural, list);
        }
        if (defaultId != null && map.get(plural) instanceof ConfigList list && list.size() == 1
                && list.get(0) instanceof ConfigMap item && !item.has("id")) {
            ConfigScalar id = new ConfigScalar(defaultId, item.mark(), ConfigNode.childPath(item.path(), "id"));
            ConfigMap withId = new ConfigMapBuilder(item).putFirst("id", id, item.mark()).build();
            map.put(plural, new ConfigList(List.of(withId), list.mark(), list.path()), map.keyMark(plural));
        }
    }

    private interface MapRewrite {
        ConfigMap apply(ConfigMap map);
    }

    private static void mapItems(ConfigMapBuilder map, String key, MapRewrite rewrite) {
        if (!(map.get(key) instanceof ConfigList list)) {
            return;
        }
        List<ConfigNode> items = new ArrayList<>(list.size());
        for (ConfigNode item : list.items()) {
            items.add(item instanceof ConfigMap itemMap ? rewrite.apply(itemMap) : item);
        }
        map.put(key, new ConfigList(items, list.mark(), list.path()), map.keyMark(key));
    }
}
