package dev.modelcompose.engine.load;

import java.util.ArrayList;
import java.util.List;

/** A YAML sequence. */
public final class ConfigList extends ConfigNode {
    private final List<ConfigNode> items;

    public ConfigList(List<ConfigNode> items, SourceMark mark, String path) {
        super(mark, path);
        this.items = List.copyOf(items);
    }

    public List<ConfigNode> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public ConfigNode get(int index) {
        return items.get(index);
    }

    @Override
    public Object toPlain() {
        List<Object> plain = new ArrayList<>(items.size());
        for (ConfigNode item : items) {
            plain.add(item.toPlain());
        }
        return plain;
    }

    @Override
    public String describe() {
        return "a list";
    }
}
