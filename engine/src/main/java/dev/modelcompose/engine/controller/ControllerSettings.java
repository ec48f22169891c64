package dev.modelcompose.engine.controller;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.model.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code controller:} section as {@code compose up} uses it. Both forms are read: {@code controller: {adapter:
 * {type: http-server, port: 8080, ...}, webui: {port: 8081}}} and the flat {@code controller: {type: http-server,
 * port: 8080}}. Adapter fields win over flat ones.
 *
 * @param webUiPort the web page's own port; {@link #WEBUI_SAME_PORT} to serve it under {@code /} of the API port
 *                  (when {@code webui} is absent or {@code webui: {port: same}}); {@link #WEBUI_OFF} for
 *                  {@code webui: false}
 */
public record ControllerSettings(String host, int port, String basePath, String apiKey, List<String> origins,
                                 long maxBodySize, int maxConcurrentCount, Duration shutdownTimeout,
                                 Duration taskRetention, int maxTaskCount, int webUiPort) {
    public static final int WEBUI_SAME_PORT = -1;
    public static final int WEBUI_OFF = -2;
    public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;

    /** The settings when the file has no {@code controller:}: 127.0.0.1:8080, base path /api, web page on the same port. */
    public static ControllerSettings defaults() {
        return new ControllerSettings("127.0.0.1", 8080, "/api", null, List.of(), DEFAULT_MAX_BODY_SIZE, 0,
                Duration.ofSeconds(30), Duration.ofHours(1), 10_000, WEBUI_SAME_PORT);
    }

    public ControllerSettings withPort(int newPort) {
        return new ControllerSettings(host, newPort, basePath, apiKey, origins, maxBodySize, maxConcurrentCount,
                shutdownTimeout, taskRetention, maxTaskCount, webUiPort);
    }

    public ControllerSettings withWebUiPort(int newPort) {
        return new ControllerSettings(host, port, basePath, apiKey, origins, maxBodySize, maxConcurrentCount,
                shutdownTimeout, taskRetention, maxTaskCount, newPort);
    }

    /** Reads {@code controller} (empty map: defaults); a wrong value is a {@link ComposeException} at its place. */
    public static ControllerSettings read(ConfigMap controller) {
        ControllerSettings d = defaults();
        if (controller == null || controller.size() == 0) {
            return d;
        }
        ConfigMap adapter = controller;
        if (controller.get("adapter") instanceof ConfigMap one) {
            adapter = one;
        } else if (controller.get("adapters") instanceof ConfigList list) {
            for (ConfigNode item : list.items()) {
                if (item instanceof ConfigMap map && isHttp(map)) {
                    adapter = map;
                    break;
                }
            }
        }
        String host = text(adapter, controller, "host", d.host());
        int port = integer(adapter, controller, "port", d.port());
        String basePath = normalisePath(text(adapter, controller, "base_path", d.basePath()));
        String apiKey = text(adapter, controller, "api_key", null);
        List<String> origins = origins(pick(adapter, controller, "origins"));
        long maxBody = size(pick(adapter, controller, "max_body_size"), d.maxBodySize());
        int maxConcurrent = integer(controller, adapter, "max_concurrent_count", 0);
        Duration shutdown = duration(pick(controller, adapter, "shutdown_timeout"), d.shutdownTimeout());
        Duration retention = duration(pick(controller, adapter, "task_retention"), d.taskRetention());
        int maxTasks = integer(controller, adapter, "max_task_count", d.maxTaskCount());
        int webUi = webUiPort(controller.get("webui"));
        return new ControllerSettings(host, port, basePath, apiKey, origins, maxBody, maxConcurrent, shutdown,
                retention, maxTasks, webUi);
    }

    private static boolean isHttp(ConfigMap map) {
        ConfigNode type = map.get("type");
        return type == null || (type instanceof ConfigScalar s && "http-server".equals(s.value()));
    }

    private static ConfigNode pick(ConfigMap first, ConfigMap second, String key) {
        ConfigNode node = first.get(key);
        if (node == null || (node instanceof ConfigScalar s && s.isNull())) {
            node = second.get(key);
        }
        return node instanceof ConfigScalar s && s.isNull() ? null : node;
    }

    private static String text(ConfigMap first, ConfigMap second, String key, String fallback) {
        ConfigNode node = pick(first, second, key);
        return node instanceof ConfigScalar s ? String.valueOf(s.value()) : fallback;
    }

    private static int integer(ConfigMap first, ConfigMap second, String key, int fallback) {
        ConfigNode node = pick(first, second, key);
        if (!(node instanceof ConfigScalar s)) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(String.valueOf(s.value()).trim());
            if (value < 0) {
                throw ComposeException.at(node, key + " must be 0 or more, got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ComposeException.at(node, "expected a whole number for " + key + ", got '" + s.value() + "'");
        }
    }

    private static Duration duration(ConfigNode node, Duration fallback) {
        if (!(node instanceof ConfigScalar s)) {
            return fallback;
        }
        try {
            return Durations.parse(s.value());
        } catch (RuntimeException e) {
            throw ComposeException.at(node, "expected " + Durations.EXPECTED + ", got '" + s.value() + "'");
        }
    }

    /** {@code 10485760}, {@code 512K}, {@code 10M}, {@code 1G} (also KB/MB/GB/KiB/MiB/GiB). */
    static long size(ConfigNode node, long fallback) {
        if (!(node instanceof ConfigScalar s)) {
            return fallback;
        }
        String text = String.valueOf(s.value()).trim().toUpperCase(java.util.Locale.ROOT);
        long unit = 1;
        String number = text.replaceAll("(I?B)$", "");
        if (number.endsWith("K")) {
            unit = 1024;
        } else if (number.endsWith("M")) {
            unit = 1024 * 1024;
        } else if (number.endsWith("G")) {
            unit = 1024L * 1024 * 1024;
        }
        if (unit > 1) {
            number = number.substring(0, number.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(number.trim()), unit);
        } catch (RuntimeException e) {
            throw ComposeException.at(node, "expected a size such as 10M, 512K or a number of bytes, got '"
                    + s.value() + "'");
        }
    }

    private static List<String> origins(ConfigNode node) {
        List<String> origins = new ArrayList<>();
        if (node instanceof ConfigScalar s) {
            for (String part : String.valueOf(s.value()).split(",")) {
                if (!part.isBlank()) {
                    origins.add(part.trim());
                }
            }
        } else if (node instanceof ConfigList list) {
            for (ConfigNode item : list.items()) {
                if (item instanceof ConfigScalar s && !s.isNull()) {
                    origins.add(String.valueOf(s.value()).trim());
                }
            }
        }
        return List.copyOf(origins);
    }

    private static int webUiPort(ConfigNode node) {
        if (node == null || (node instanceof ConfigScalar s && s.isNull())) {
            return WEBUI_SAME_PORT;
        }
        if (node instanceof ConfigScalar s && Boolean.FALSE.equals(s.value())) {
            return WEBUI_OFF;
        }
        if (node instanceof ConfigMap map) {
            ConfigNode port = map.get("port");
            if (port == null || (port instanceof ConfigScalar p && "same".equals(String.valueOf(p.value())))) {
                return WEBUI_SAME_PORT;
            }
            return integer(map, map, "port", 8081);
        }
        return WEBUI_SAME_PORT;
    }

    private static String normalisePath(String path) {
        if (path == null || path.isBlank() || path.equals("/")) {
            return "";
        }
        String p = path.trim();
        p = p.startsWith("/") ? p : "/" + p;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
