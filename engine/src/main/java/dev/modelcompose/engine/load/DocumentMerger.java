package dev.modelcompose.engine.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges compose documents given with {@code -f a -f b}, later over earlier: mappings merge key by key
 * (recursively), lists whose items are all mappings with an {@code id} merge by id (matching ids merge
 * recursively, new ids are appended), any other list or scalar is replaced. Winning nodes keep their own marks.
 */
final class DocumentMerger {
    private DocumentMerger() {
    }

    static ConfigNode merge(ConfigNode base, ConfigNode override) {
        if (base instanceof ConfigMap baseMap && override instanceof ConfigMap overrideMap) {
            ConfigMapBuilder merged = new ConfigMapBuilder(baseMap);
            for (String key : overrideMap.keys()) {
                ConfigNode value = overrideMap.get(key);
                ConfigNode existing = merged.get(key);
                merged.put(key, existing == null ? value : merge(existing, value), overrideMap.keyMark(key));
            }
            return merged.build();
        }
        if (base instanceof ConfigList baseList && override instanceof ConfigList overrideList
                && hasIds(baseList) && hasIds(overrideList)) {
            List<ConfigNode> items = new ArrayList<>(baseList.items());
            for (ConfigNode item : overrideList.items()) {
                int index = indexOf(items, idOf(item));
                if (index < 0) {
                    items.add(item);
                } else {
                    items.set(index, merge(items.get(index), item));
                }
            }
            return new ConfigList(items, baseList.mark(), baseList.path());
        }
        return override;
    }

    /** The id of a mapping item as text; null when it has none. */
    static String idOf(ConfigNode item) {
        if (item instanceof ConfigMap map && map.get("id") instanceof ConfigScalar id && !id.isNull()
                && !(id.value() instanceof Boolean)) {
            return String.valueOf(id.value());
        }
        return null;
    }

    private static boolean hasIds(ConfigList list) {
        return list.size() > 0 && list.items().stream().allMatch(item -> idOf(item) != null);
    }

    private static int indexOf(List<ConfigNode> items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(idOf(items.get(i)))) {
                return i;
            }
        }
        return -1;
    }
}
