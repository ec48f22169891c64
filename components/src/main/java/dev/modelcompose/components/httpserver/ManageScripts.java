package dev.modelcompose.components.httpserver;

import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code manage} block of an {@code http-server} component: {@code install} and {@code build} commands (run once,
 * in order), the {@code start} command (the server), {@code clean} (kept for model-compose files, not run), plus
 * {@code env} and {@code working_dir}. model-compose shorthands are accepted: the scripts directly on the component,
 * or under {@code manage.scripts}; a single argv list for {@code install} is one command; a string is run by
 * {@code sh -c}.
 *
 * @param start null when the server is not managed (already running elsewhere)
 */
record ManageScripts(List<List<String>> install, List<List<String>> build, List<List<String>> clean,
                     List<String> start, Map<String, String> env, Path workingDir) {
    static final List<String> SCRIPTS = List.of("install", "build", "clean", "start");

    static ManageScripts read(ConfigMap component, Path baseDir) {
        ConfigMap manage = map(component, "manage");
        ConfigMap scripts = manage == null ? null : map(manage, "scripts");
        Map<String, ConfigNode> found = new LinkedHashMap<>();
        for (String name : SCRIPTS) {
            for (ConfigMap place : new ConfigMap[] {component, manage, scripts}) {
                ConfigNode node = place == null ? null : ConfigFields.node(place, name);
                if (node == null) {
                    continue;
                }
                if (found.containsKey(name)) {
                    throw ComposeException.at(node, name + " is given twice",
                            "write it once, under manage or directly on the component");
                }
                found.put(name, node);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        ConfigNode envNode = manage == null ? null : ConfigFields.node(manage, "env");
        if (envNode != null) {
            if (!(envNode instanceof ConfigMap envMap)) {
                throw ComposeException.at(envNode, "expected a mapping of variable names to values, got "
                        + envNode.describe());
            }
            envMap.entries().forEach((name, value) -> env.put(name, text(value)));
        }
        String dir = manage == null ? null : ConfigFields.string(manage, "working_dir", null);
        Path workingDir = dir == null ? baseDir : baseDir.resolve(dir).normalize();
        List<List<String>> start = commands(found.get("start"), true);
        return new ManageScripts(commands(found.get("install"), false), commands(found.get("build"), false),
                commands(found.get("clean"), false), start.isEmpty() ? null : start.get(0), Map.copyOf(env),
                workingDir);
    }

    private static ConfigMap map(ConfigMap parent, String key) {
        ConfigNode node = ConfigFields.node(parent, key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof ConfigMap map)) {
            throw ComposeException.at(node, "expected a mapping, got " + node.describe());
        }
        return map;
    }

    /**
     * A string (one {@code sh -c} line), one argv list, or (unless {@code single}) a list of commands, each an argv
     * list or a {@code sh -c} line.
     */
    private static List<List<String>> commands(ConfigNode node, boolean single) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof ConfigScalar scalar && scalar.isString()) {
            return List.of(List.of("sh", "-c", (String) scalar.value()));
        }
        if (!(node instanceof ConfigList list) || list.size() == 0) {
            throw ComposeException.at(node, "expected a command: a list such as [python, -m, server], got "
                    + node.describe());
        }
        boolean nested = list.items().stream().anyMatch(item -> item instanceof ConfigList);
        if (!nested) {
            return List.of(argv(list));
        }
        if (single) {
            throw ComposeException.at(node, "expected one command (a list of strings), got a list of lists",
                    "start runs a single command; put setup steps in install");
        }
        List<List<String>> commands = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            if (item instanceof ConfigScalar line && line.isString()) {
                commands.add(List.of("sh", "-c", (String) line.value()));
                continue;
            }
            if (!(item instanceof ConfigList command) || command.size() == 0) {
                throw ComposeException.at(item, "expected a command (a list of strings), got " + item.describe());
            }
            commands.add(argv(command));
        }
        return List.copyOf(commands);
    }

    private static List<String> argv(ConfigList command) {
        List<String> argv = new ArrayList<>();
        for (ConfigNode item : command.items()) {
            if (!(item instanceof ConfigScalar scalar) || scalar.isNull()) {
                throw ComposeException.at(item, "expected a string argument, got " + item.describe());
            }
            argv.add(String.valueOf(scalar.value()));
        }
        return List.copyOf(argv);
    }

    private static String text(ConfigNode value) {
        if (value instanceof ConfigScalar scalar && !scalar.isNull()) {
            return String.valueOf(scalar.value());
        }
        if (value instanceof ConfigScalar) {
            return "";
        }
        throw ComposeException.at(value, "expected a string value, got " + value.describe());
    }

    /** The install and build steps, in the order they run. */
    List<List<String>> setup() {
        List<List<String>> all = new ArrayList<>(install);
        all.addAll(build);
        return all;
    }
}
