package dev.modelcompose.engine.spi.model;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The model drivers found on the classpath through {@link ServiceLoader}, by name. */
public final class ModelDrivers {
    /** The Maven module that carries each known driver, for "add this module" messages. */
    public static final Map<String, String> MODULES = Map.of(
            "onnx", "dev.modelcompose:compose-driver-onnx",
            "llamacpp", "dev.modelcompose:compose-driver-llamacpp",
            "djl", "dev.modelcompose:compose-driver-djl");

    private final Map<String, ModelDriver> byName;

    private ModelDrivers(Map<String, ModelDriver> byName) {
        this.byName = byName;
    }

    public static ModelDrivers discover() {
        return discover(ModelDrivers.class.getClassLoader());
    }

    public static ModelDrivers discover(ClassLoader loader) {
        Map<String, ModelDriver> found = new TreeMap<>();
        for (ModelDriver driver : ServiceLoader.load(ModelDriver.class, loader)) {
            found.putIfAbsent(driver.name(), driver);
        }
        return new ModelDrivers(found);
    }

    public static ModelDrivers of(ModelDriver... drivers) {
        Map<String, ModelDriver> found = new TreeMap<>();
        for (ModelDriver driver : drivers) {
            found.put(driver.name(), driver);
        }
        return new ModelDrivers(found);
    }

    public Optional<ModelDriver> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The first driver (by name) that lists {@code format}. */
    public Optional<ModelDriver> forFormat(String format) {
        return byName.values().stream().filter(d -> d.formats().contains(format)).findFirst();
    }

    /** The registered names, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }
}
