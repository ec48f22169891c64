package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.SourceMark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds config trees from plain values for tests; every node is marked compose.yml:LINE:COLUMN. */
final class Nodes {
    static final SourceMark MARK = new SourceMark("compose.yml", 3, 11);

    private Nodes() {
    }

    static ConfigNode of(Object plain) {
        return of(plain, "workflow.output", MARK);
    }

    static ConfigNode of(Object plain, String path, SourceMark mark) {
        if (plain instanceof Map<?, ?> map) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            map.forEach((key, value) -> entries.put(String.valueOf(key),
                    of(value, ConfigNode.childPath(path, String.valueOf(key)), mark)));
            return new ConfigMap(entries, Map.of(), mark, path);
        }
        if (plain instanceof List<?> list) {
            List<ConfigNode> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(of(list.get(i), ConfigNode.childPath(path, i), mark));
            }
            return new ConfigList(items, mark, path);
        }
        return new ConfigScalar(plain, mark, path);
    }

    /** An insertion-ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(java.util.Arrays.asList(items));
    }
}
