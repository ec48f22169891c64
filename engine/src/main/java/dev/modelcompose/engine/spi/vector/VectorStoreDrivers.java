package dev.modelcompose.engine.spi.vector;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The vector-store drivers found on the classpath through {@link ServiceLoader}, by name. */
public final class VectorStoreDrivers {
    /** The Maven module that carries each known driver, for "add this module" messages. */
    public static final Map<String, String> MODULES = Map.of(
            "lucene", "dev.modelcompose:compose-driver-lucene",
            "pgvector", "dev.modelcompose:compose-driver-pgvector",
            "qdrant", "dev.modelcompose:compose-driver-qdrant",
            "chroma", "dev.modelcompose:compose-driver-chroma");

    private final Map<String, VectorStoreDriver> byName;

    private VectorStoreDrivers(Map<String, VectorStoreDriver> byName) {
        this.byName = byName;
    }

    public static VectorStoreDrivers discover() {
        return discover(VectorStoreDrivers.class.getClassLoader());
    }

    public static VectorStoreDrivers discover(ClassLoader loader) {
        Map<String, VectorStoreDriver> found = new TreeMap<>();
        for (VectorStoreDriver driver : ServiceLoader.load(VectorStoreDriver.class, loader)) {
            found.putIfAbsent(driver.name(), driver);
        }
        return new VectorStoreDrivers(found);
    }

    public static VectorStoreDrivers of(VectorStoreDriver... drivers) {
        Map<String, VectorStoreDriver> found = new TreeMap<>();
        for (VectorStoreDriver driver : drivers) {
            found.put(driver.name(), driver);
        }
        return new VectorStoreDrivers(found);
    }

    public Optional<VectorStoreDriver> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
