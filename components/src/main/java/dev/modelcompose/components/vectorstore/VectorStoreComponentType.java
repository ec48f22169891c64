package dev.modelcompose.components.vectorstore;

import dev.modelcompose.components.ActionOutput;
import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorStoreDriver;
import dev.modelcompose.engine.spi.vector.VectorStoreDrivers;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code type: vector-store}: component fields {@code driver} (default lucene), {@code path} (default
 * {@code .compose/vectors/<id>} beside the compose file), {@code collection} (default the component id),
 * {@code dimensions} ({@code dimension}), {@code metric} (cosine, dot, l2) and the remote drivers' connection
 * fields; actions with {@code method} insert, update, upsert, search, delete, get or count.
 */
public final class VectorStoreComponentType implements ComponentType {
    public static final String NAME = "vector-store";
    public static final String DEFAULT_DRIVER = "lucene";

    /** Request fields each method reads (besides collection and output; id_field, vector_field, batch_size ignored). */
    private static final Map<VectorMethod, Set<String>> FIELDS = new EnumMap<>(Map.of(
            VectorMethod.INSERT, Set.of("vector", "vector_id", "metadata", "document"),
            VectorMethod.UPDATE, Set.of("vector", "vector_id", "metadata", "document", "insert_if_not_exist"),
            VectorMethod.UPSERT, Set.of("vector", "vector_id", "metadata", "document"),
            VectorMethod.SEARCH, Set.of("query", "top_k", "score_threshold", "filter", "output_fields"),
            VectorMethod.DELETE, Set.of("vector_id", "filter"),
            VectorMethod.GET, Set.of("vector_id", "output_fields"),
            VectorMethod.COUNT, Set.of("filter")));
    private static final Set<String> REQUEST_FIELDS = Set.of("vector", "vector_id", "metadata", "document",
            "insert_if_not_exist", "query", "top_k", "score_threshold", "filter", "output_fields");

    private final VectorStoreDrivers drivers;

    public VectorStoreComponentType() {
        this(VectorStoreDrivers.discover());
    }

    /** With the given drivers instead of those on the classpath (tests). */
    public VectorStoreComponentType(VectorStoreDrivers drivers) {
        this.drivers = drivers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Component create(ComponentSpec spec, ComponentSetup setup) {
        ConfigMap config = spec.config();
        VectorStoreDriver driver = driver(config);
        VectorMetric metric = metric(config);
        Integer dimensions = dimensions(config);
        String collection = defaultCollection(config, spec.id());
        String pathText = ConfigFields.string(config, "path", null);
        Map<String, Object> plain = plainConfig(config);
        String componentId = spec.id();
        Map<String, VectorStoreAction> actions = new LinkedHashMap<>();
        for (ActionSpec action : spec.actions()) {
            actions.put(action.id(), compile(action.config()));
        }
        return new VectorStoreComponent(spec, driver, baseDir -> {
            Path base = setup.baseDir() != null ? setup.baseDir() : baseDir;
            Path path = pathText != null ? base.resolve(pathText).normalize()
                    : base.resolve(".compose").resolve("vectors").resolve(componentId);
            return new VectorStoreSettings(componentId, collection, dimensions, metric, path.toAbsolutePath(),
                    plain, base);
        }, actions);
    }

    private VectorStoreDriver driver(ConfigMap config) {
        String name = ConfigFields.string(config, "driver", DEFAULT_DRIVER);
        ConfigNode node = ConfigFields.node(config, "driver");
        if (drivers.get(name).isPresent()) {
            return drivers.get(name).get();
        }
        ConfigNode at = node == null ? config : node;
        String module = VectorStoreDrivers.MODULES.get(name);
        String installed = "drivers here: " + (drivers.names().isEmpty() ? "none" : String.join(", ", drivers.names()));
        if (module != null) {
            throw ComposeException.at(at, "vector-store driver '" + name + "' is not installed",
                    "add the module " + module + " to the classpath; " + installed);
        }
        Set<String> known = new TreeSet<>(VectorStoreDrivers.MODULES.keySet());
        known.addAll(drivers.names());
        String hint = DidYouMean.hint(name, known);
        throw ComposeException.at(at, "unknown vector-store driver '" + name + "'",
                (hint != null ? hint + " " : "") + "(drivers: " + String.join(", ", known) + "; " + installed + ")");
    }

    private static VectorMetric metric(ConfigMap config) {
        String id = ConfigFields.string(config, "metric", VectorMetric.COSINE.id());
        return VectorMetric.of(id).orElseThrow(() -> {
            List<String> ids = Arrays.stream(VectorMetric.values()).map(VectorMetric::id).toList();
            String hint = DidYouMean.hint(id, ids);
            return ComposeException.at(ConfigFields.node(config, "metric"), "unknown metric '" + id + "'",
                    hint != null ? hint : "metrics: " + String.join(", ", ids));
        });
    }

    private static Integer dimensions(ConfigMap config) {
        ConfigNode plural = ConfigFields.node(config, "dimensions");
        ConfigNode singular = ConfigFields.node(config, "dimension");
        if (plural != null && singular != null) {
            throw ComposeException.at(singular, "dimension and dimensions are the same field: keep one");
        }
        ConfigNode node = plural != null ? plural : singular;
        if (node == null) {
            return null;
        }
        Object value = node instanceof ConfigScalar scalar ? scalar.value() : null;
        if (value instanceof String text && text.strip().matches("\\d+")) {
            value = Long.valueOf(text.strip());
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 1
                && n.longValue() <= 65_536) {
            return n.intValue();
        }
        throw ComposeException.at(node, "dimensions must be a whole number from 1 to 65536, got "
                + ConfigFields.describeValue(node));
    }

    /** A plain component-level collection; a binding there is the action's business (single-action components). */
    private static String defaultCollection(ConfigMap config, String componentId) {
        ConfigNode node = ConfigFields.node(config, "collection");
        if (node instanceof ConfigScalar scalar && scalar.isString()
                && Template.compile(scalar, CallScope.REQUEST).isConstant()) {
            String name = ((String) scalar.value()).strip();
            if (name.isEmpty()) {
                throw ComposeException.at(node, "collection is empty");
            }
            return name;
        }
        return componentId;
    }

    private static Map<String, Object> plainConfig(ConfigMap config) {
        Map<String, Object> plain = new LinkedHashMap<>();
        config.entries().forEach((key, node) -> {
            if (!key.equals("actions") && !key.equals("action")) {
                plain.put(key, node.toPlain());
            }
        });
        return plain;
    }

    private static VectorStoreAction compile(ConfigMap config) {
        ConfigNode methodNode = ConfigFields.node(config, "method");
        if (methodNode == null) {
            throw ComposeException.at(config, "a vector-store action needs method",
                    "one of " + String.join(", ", VectorMethod.ids()));
        }
        String methodId = ConfigFields.string(config, "method", null);
        VectorMethod method = VectorMethod.of(methodId).orElseThrow(() -> {
            String hint = DidYouMean.hint(methodId, VectorMethod.ids());
            return ComposeException.at(methodNode, "unknown method '" + methodId + "'",
                    hint != null ? hint : "methods: " + String.join(", ", VectorMethod.ids()));
        });
        List<String> unused = new ArrayList<>();
        for (String field : REQUEST_FIELDS) {
            if (ConfigFields.node(config, field) != null && !FIELDS.get(method).contains(field)) {
                unused.add(field);
            }
        }
        if (!unused.isEmpty()) {
            String field = unused.stream().sorted().findFirst().get();
            throw ComposeException.at(config.get(field), field + " is not used by method " + method.id(),
                    method.id() + " reads " + String.join(", ", new TreeSet<>(FIELDS.get(method))));
        }
        Set<String> sources = CallScope.REQUEST;
        Template output = ConfigFields.template(config, "output", ActionOutput.sources(Sources.RESULT));
        return new VectorStoreAction(method,
                ConfigFields.template(config, "collection", sources),
                ConfigFields.template(config, "vector", sources),
                ConfigFields.template(config, "vector_id", sources),
                ConfigFields.template(config, "metadata", sources),
                ConfigFields.template(config, "document", sources),
                ConfigFields.template(config, "query", sources),
                ConfigFields.template(config, "top_k", sources),
                ConfigFields.template(config, "score_threshold", sources),
                ConfigFields.template(config, "filter", sources),
                ConfigFields.template(config, "insert_if_not_exist", sources),
                ConfigFields.template(config, "output_fields", sources),
                new ActionOutput(output, Sources.RESULT, List.of()));
    }
}
