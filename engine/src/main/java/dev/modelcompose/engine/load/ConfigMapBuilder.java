package dev.modelcompose.engine.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a changed copy of a {@link ConfigMap}, keeping its mark, path, key order and key marks. */
final class ConfigMapBuilder {
    private final Map<String, ConfigNode> entries;
    private final Map<String, SourceMark> keyMarks = new LinkedHashMap<>();
    private final SourceMark mark;
    private final String path;

    ConfigMapBuilder(ConfigMap map) {
        this.entries = new LinkedHashMap<>(map.entries());
        for (String key : map.keys()) {
            keyMarks.put(key, map.keyMark(key));
        }
        this.mark = map.mark();
        this.path = map.path();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    ConfigNode get(String key) {
        return entries.get(key);
    }

    SourceMark keyMark(String key) {
        return keyMarks.getOrDefault(key, mark);
    }

    /** Sets {@code key}: in place when present, else at the end. */
    ConfigMapBuilder put(String key, ConfigNode value, SourceMark keyMark) {
        entries.put(key, value);
        keyMarks.put(key, keyMark);
        return this;
    }

    /** Sets {@code key} as the first entry. */
    ConfigMapBuilder putFirst(String key, ConfigNode value, SourceMark keyMark) {
        Map<String, ConfigNode> copy = new LinkedHashMap<>(entries);
        entries.clear();
        entries.put(key, value);
        copy.remove(key);
        entries.putAll(copy);
        keyMarks.put(key, keyMark);
        return this;
    }

    /** Renames {@code from} to {@code to} in place, with a new value. */
    ConfigMapBuilder rename(String from, String to, ConfigNode value) {
        Map<String, ConfigNode> copy = new LinkedHashMap<>(entries);
        entries.clear();
        copy.forEach((key, old) -> {
            if (key.equals(from)) {
                entries.put(to, value);
            } else {
                entries.put(key, old);
            }
        });
        keyMarks.put(to, keyMarks.getOrDefault(from, mark));
        keyMarks.remove(from);
        return this;
    }

    /** Replaces the first present key of {@code removed} by {@code key}, and drops the other removed keys. */
    ConfigMapBuilder replaceKeys(List<String> removed, String key, ConfigNode value) {
        String first = removed.stream().filter(entries::containsKey).findFirst().orElse(null);
        if (first == null) {
            return put(key, value, mark);
        }
        rename(first, key, value);
        for (String other : removed) {
            if (!other.equals(first)) {
                remove(other);
            }
        }
        return this;
    }

    ConfigMapBuilder remove(String key) {
        entries.remove(key);
        keyMarks.remove(key);
        return this;
    }

    ConfigMap build() {
        return new ConfigMap(entries, keyMarks, mark, path);
    }
}
