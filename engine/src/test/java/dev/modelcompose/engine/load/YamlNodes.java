package dev.modelcompose.engine.load;

/** Test-only: YAML text as a {@link ConfigNode} tree with marks, for tests outside this package. */
public final class YamlNodes {
    private YamlNodes() {
    }

    public static ConfigNode read(String yaml, String fileName) {
        return YamlTreeReader.read(yaml, fileName, null);
    }
}
