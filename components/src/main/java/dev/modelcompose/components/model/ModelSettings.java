package dev.modelcompose.components.model;

import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.models.ModelSource;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelDrivers;
import dev.modelcompose.engine.spi.model.ModelTask;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The component-level fields of a {@code type: model} component, read once at load. They are fixed for the
 * component's life (only {@code ${env.X}}, interpolated at load, may appear in them).
 *
 * @param driver        the named driver, or null to pick one by the model's format when it loads
 * @param maxBatchDelay zero switches dynamic batching off
 * @param idleTimeout   null: never unload
 * @param workers       the size of the component's worker pool
 * @param settings      labels, max_seq_length, chat_template ... for the driver
 */
record ModelSettings(ModelTask task, ModelDriver driver, ModelSource source, String device, int batchSize,
                     Duration maxBatchDelay, boolean preload, Duration idleTimeout, int workers,
                     Map<String, Object> options, Map<String, Object> settings, List<AdapterSource> adapters) {

    static final int DEFAULT_BATCH_SIZE = 32;
    static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofMillis(5);
    static final List<String> DEVICES = List.of("auto", "cpu", "cuda");

    /** A {@code peft_adapters} entry whose model is resolved when the component loads. */
    record AdapterSource(String type, String name, ModelSource source, double weight) {
    }

    static ModelSettings read(ConfigMap config, Path baseDir, ModelDrivers drivers, int maxConcurrentCount) {
        ModelTask task = task(config);
        ModelDriver driver = driver(config, drivers, task);
        ConfigNode modelNode = ConfigFields.node(config, "model");
        if (modelNode == null) {
            throw ComposeException.at(config, "a model component needs a model",
                    "for example model: builtin:all-minilm-l6-v2, model: org/name, or model: ./models/x");
        }
        ModelSource source = ModelSource.read(modelNode, baseDir);
        String device = device(config);
        int batchSize = positiveInt(config, "batch_size", DEFAULT_BATCH_SIZE);
        Duration delay = duration(config, "max_batch_delay", DEFAULT_MAX_BATCH_DELAY, true);
        boolean preload = bool(config, "preload", true);
        Duration idle = idleTimeout(config);
        int workers = maxConcurrentCount > 0 ? maxConcurrentCount
                : Math.max(2, Runtime.getRuntime().availableProcessors());
        Map<String, Object> options = options(config);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : List.of("labels", "max_seq_length", "chat_template")) {
            ConfigNode node = ConfigFields.node(config, key);
            if (node != null) {
                settings.put(key, checked(key, node));
            }
        }
        return new ModelSettings(task, driver, source, device, batchSize, delay, preload, idle, workers, options,
                Map.copyOf(settings), adapters(config, baseDir));
    }

    /** Batching is on unless {@code batch_size: 1} or {@code max_batch_delay: 0}. */
    boolean batching() {
        return batchSize > 1 && !maxBatchDelay.isZero();
    }

    private static ModelTask task(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "task");
        List<String> ids = Arrays.stream(ModelTask.values()).map(ModelTask::id).toList();
        if (node == null) {
            throw ComposeException.at(config, "a model component needs a task",
                    "one of " + String.join(", ", ids));
        }
        String written = plainString(node, "task");
        return ModelTask.of(written).orElseThrow(() -> {
            String hint = DidYouMean.hint(written, ids);
            return ComposeException.at(node, "unknown task '" + written + "'",
                    (hint == null ? "" : hint + " ") + "tasks: " + String.join(", ", ids));
        });
    }

    private static ModelDriver driver(ConfigMap config, ModelDrivers drivers, ModelTask task) {
        ConfigNode node = ConfigFields.node(config, "driver");
        if (node == null) {
            return null;
        }
        String name = plainString(node, "driver");
        ModelDriver driver = drivers.get(name).orElse(null);
        if (driver == null) {
            throw ComposeException.at(node, "model driver '" + name + "' is not available", missingDriverHint(name,
                    drivers));
        }
        if (!driver.tasks().contains(task.id())) {
            throw ComposeException.at(node, "driver '" + name + "' does not run " + task.id(),
                    "it runs " + String.join(", ", driver.tasks().stream().sorted().toList()));
        }
        return driver;
    }

    /** What to add for a driver that is not on the classpath, and what is. */
    static String missingDriverHint(String name, ModelDrivers drivers) {
        String registered = drivers.names().isEmpty() ? "no model driver is on the classpath"
                : "registered drivers: " + String.join(", ", drivers.names());
        String module = ModelDrivers.MODULES.get(name);
        if (module != null) {
            return registered + "; add the Maven module " + module + " to use " + name;
        }
        String hint = DidYouMean.hint(name, drivers.names());
        String known = ModelDrivers.MODULES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
        return (hint == null ? "" : hint + " ") + registered + "; drivers with a module: " + known;
    }

    private static String device(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "device");
        if (node == null) {
            return "auto";
        }
        String device = plainString(node, "device").toLowerCase(Locale.ROOT);
        if (!DEVICES.contains(device)) {
            throw ComposeException.at(node, "expected cpu, cuda or auto, got '" + device + "'");
        }
        return device;
    }

    private static Duration idleTimeout(ConfigMap config) {
        Duration idle = duration(config, "idle_timeout", null, false);
        ConfigNode onDemand = ConfigFields.node(config, "on_demand");
        if (onDemand instanceof ConfigMap demand) {
            Duration fromDemand = duration(demand, "idle_timeout", null, false);
            if (idle != null && fromDemand != null) {
                throw ComposeException.at(onDemand, "idle_timeout is set twice",
                        "keep either idle_timeout or on_demand.idle_timeout");
            }
            for (String key : demand.keys()) {
                if (!key.equals("idle_timeout") && !key.equals("priority") && !key.startsWith("x-")) {
                    throw ComposeException.at(demand.get(key), "unknown field '" + key + "' in on_demand",
                            "on_demand takes idle_timeout (and priority, which is ignored)");
                }
            }
            return idle != null ? idle : fromDemand;
        }
        if (onDemand != null && !(onDemand instanceof ConfigScalar scalar && scalar.value() instanceof Boolean)) {
            throw ComposeException.at(onDemand, "expected true, false or {idle_timeout: ...}, got "
                    + ConfigFields.describeValue(onDemand));
        }
        return idle;
    }

    private static Map<String, Object> options(ConfigMap config) {
        ConfigNode node = ConfigFields.node(config, "options");
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof ConfigMap map)) {
            throw ComposeException.at(node, "expected a mapping of driver options, got " + node.describe(),
                    "for example options: {intra_op_threads: 4}");
        }
        checked("options", map);
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) map.toPlain();
        return plain;
    }

    private static List<AdapterSource> adapters(ConfigMap config, Path baseDir) {
        ConfigNode node = ConfigFields.node(config, "peft_adapters");
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof ConfigList list)) {
            throw ComposeException.at(node, "expected a list of adapters, got " + node.describe(),
                    "for example peft_adapters: [{type: lora, name: style, model: ./adapters/style}]");
        }
        List<AdapterSource> adapters = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            if (!(item instanceof ConfigMap adapter)) {
                throw ComposeException.at(item, "expected an adapter {type, name, model, weight}, got "
                        + item.describe());
            }
            for (String key : adapter.keys()) {
                List<String> known = List.of("type", "name", "model", "weight", "precision", "quantization");
                if (!known.contains(key) && !key.startsWith("x-")) {
                    throw ComposeException.at(adapter.get(key), "unknown field '" + key + "' in an adapter",
                            DidYouMean.hint(key, known));
                }
            }
            String type = ConfigFields.string(adapter, "type", "lora");
            if (!type.equals("lora")) {
                throw ComposeException.at(adapter.get("type"), "unknown adapter type '" + type + "'",
                        "the only adapter type is lora");
            }
            ConfigNode model = ConfigFields.node(adapter, "model");
            if (model == null) {
                throw ComposeException.at(adapter, "an adapter needs a model", "the adapter's files: a path or org/name");
            }
            String name = ConfigFields.string(adapter, "name", null);
            double weight = number(adapter, "weight", 1.0);
            adapters.add(new AdapterSource(type, name, ModelSource.read(model, baseDir), weight));
        }
        return List.copyOf(adapters);
    }

    private static String plainString(ConfigNode node, String field) {
        if (node instanceof ConfigScalar scalar && scalar.isString()) {
            String text = ((String) scalar.value()).trim();
            rejectBinding(node, text, field);
            return text;
        }
        throw ComposeException.at(node, "expected a string, got " + ConfigFields.describeValue(node));
    }

    private static int positiveInt(ConfigMap config, String key, int fallback) {
        ConfigNode node = ConfigFields.node(config, key);
        if (node == null) {
            return fallback;
        }
        Object value = node instanceof ConfigScalar scalar ? scalar.value() : null;
        if (value instanceof String text) {
            rejectBinding(node, text, key);
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (value instanceof Integer number && number >= 1) {
            return number;
        }
        throw ComposeException.at(node, "expected a whole number of at least 1, got "
                + ConfigFields.describeValue(node));
    }

    private static double number(ConfigMap config, String key, double fallback) {
        ConfigNode node = ConfigFields.node(config, key);
        if (node == null) {
            return fallback;
        }
        if (node instanceof ConfigScalar scalar && scalar.value() instanceof Number number) {
            return number.doubleValue();
        }
        if (node instanceof ConfigScalar scalar && scalar.isString()) {
            try {
                return Double.parseDouble(((String) scalar.value()).trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw ComposeException.at(node, "expected a number, got " + ConfigFields.describeValue(node));
    }

    private static boolean bool(ConfigMap config, String key, boolean fallback) {
        ConfigNode node = ConfigFields.node(config, key);
        if (node == null) {
            return fallback;
        }
        Object value = node instanceof ConfigScalar scalar ? scalar.value() : null;
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            rejectBinding(node, text, key);
            if (text.trim().equalsIgnoreCase("true") || text.trim().equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text.trim());
            }
        }
        throw ComposeException.at(node, "expected true or false, got " + ConfigFields.describeValue(node));
    }

    private static Duration duration(ConfigMap config, String key, Duration fallback, boolean zeroAllowed) {
        ConfigNode node = ConfigFields.node(config, key);
        if (node == null) {
            return fallback;
        }
        if (!(node instanceof ConfigScalar scalar)) {
            throw ComposeException.at(node, "expected " + Durations.EXPECTED + ", got " + node.describe());
        }
        if (scalar.value() instanceof String text) {
            rejectBinding(node, text, key);
        }
        Duration duration;
        try {
            duration = Durations.parse(scalar.value());
        } catch (IllegalArgumentException e) {
            throw ComposeException.at(node, e.getMessage());
        }
        if (duration.isZero() && !zeroAllowed) {
            throw ComposeException.at(node, "expected a duration above zero, got " + scalar.value());
        }
        return duration;
    }

    /** Plain values of a node, refusing run-time bindings, which component fields cannot read. */
    private static Object checked(String field, ConfigNode node) {
        if (node instanceof ConfigScalar scalar && scalar.value() instanceof String text) {
            rejectBinding(node, text, field);
        } else if (node instanceof ConfigMap map) {
            map.entries().forEach((key, value) -> checked(field, value));
        } else if (node instanceof ConfigList list) {
            list.items().forEach(item -> checked(field, item));
        }
        return node.toPlain();
    }

    private static void rejectBinding(ConfigNode node, String text, String field) {
        if (text.contains("${")) {
            throw ComposeException.at(node, field + " is fixed when the model loads and cannot read a binding",
                    "component fields take plain values or ${env.NAME}; per-call values belong in the action");
        }
    }
}
