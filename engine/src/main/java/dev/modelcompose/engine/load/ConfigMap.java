package dev.modelcompose.engine.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A YAML mapping with string keys, in the order written; remembers where each key was written. */
public final class ConfigMap extends ConfigNode {
    private final Map<String, ConfigNode> entries;
    private final Map<String, SourceMark> keyMarks;

    public ConfigMap(Map<String, ConfigNode> entries, Map<String, SourceMark> keyMarks, SourceMark mark, String path) {
        super(mark, path);
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.keyMarks = Map.copyOf(keyMarks);
    }

    public Map<String, ConfigNode> entries() {
        return entries;
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value under {@code key}, or null when the key is absent. */
    public ConfigNode get(String key) {
        return entries.get(key);
    }

    /** Where {@code key} itself was written (for "unknown key" errors); the map's own mark when unknown. */
    public SourceMark keyMark(String key) {
        return keyMarks.getOrDefault(key, mark());
    }

    public int size() {
        return entries.size();
    }

    @Override
    public Object toPlain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        entries.forEach((key, value) -> plain.put(key, value.toPlain()));
        return plain;
    }

    @Override
    public String describe() {
        return "a mapping";
    }
}
