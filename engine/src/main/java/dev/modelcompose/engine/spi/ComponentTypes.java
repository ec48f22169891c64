package dev.modelcompose.engine.spi;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The registry of component types found on the classpath through {@link ServiceLoader}. */
public final class ComponentTypes {
    private final Map<String, ComponentType> byName;

    private ComponentTypes(Map<String, ComponentType> byName) {
        this.byName = byName;
    }

    public static ComponentTypes discover() {
        return discover(ComponentTypes.class.getClassLoader());
    }

    public static ComponentTypes discover(ClassLoader loader) {
        Map<String, ComponentType> found = new TreeMap<>();
        for (ComponentType type : ServiceLoader.load(ComponentType.class, loader)) {
            found.putIfAbsent(type.name(), type);
        }
        return new ComponentTypes(found);
    }

    public static ComponentTypes of(ComponentType... types) {
        Map<String, ComponentType> found = new TreeMap<>();
        for (ComponentType type : types) {
            found.put(type.name(), type);
        }
        return new ComponentTypes(found);
    }

    public Optional<ComponentType> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The registered names, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }
}
