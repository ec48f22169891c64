package dev.modelcompose.components;

import dev.modelcompose.engine.load.ComposeBinder;
import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.DocumentReader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentTypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a compose file into a folder and loads it with the engine's real loader, then creates its components with
 * the component types registered on the classpath (through META-INF/services, as the engine finds them).
 */
public final class ComposeFixture {
    public static final ComponentTypes TYPES = ComponentTypes.discover();

    private final ComposeFile file;

    private ComposeFixture(ComposeFile file) {
        this.file = file;
    }

    /** Reads, schema-checks and binds {@code yaml} written as {@code dir/compose.yml}. */
    public static ComposeFixture load(Path dir, String yaml) {
        return load(dir, yaml, System.getenv());
    }

    /** As {@link #load(Path, String)} with {@code env} as the process environment. */
    public static ComposeFixture load(Path dir, String yaml, Map<String, String> env) {
        return new ComposeFixture(new ComposeLoader(TYPES).load(LoadOptions.of(write(dir, yaml), env)));
    }

    /**
     * Reads and binds without the schema check, so that a test reaches the component type's own checks in
     * {@code create()} (which also guard files the schema lets through, such as values from bindings).
     */
    public static ComposeFixture bindOnly(Path dir, String yaml) {
        LoadOptions options = LoadOptions.of(write(dir, yaml), Map.of());
        return new ComposeFixture(ComposeBinder.bind(DocumentReader.read(options), TYPES));
    }

    public ComposeFile file() {
        return file;
    }

    public ComponentSpec spec(String componentId) {
        return file.component(componentId).orElseThrow();
    }

    /** Creates the component as the engine's compile step would. */
    public Component create(String componentId) {
        ComponentSpec spec = spec(componentId);
        ComponentSetup setup = new ComponentSetup() {
            @Override
            public Path baseDir() {
                return file.baseDir();
            }

            @Override
            public ComposeFile file() {
                return file;
            }
        };
        return TYPES.get(spec.type()).orElseThrow().create(spec, setup);
    }

    private static Path write(Path dir, String yaml) {
        try {
            Path path = dir.resolve("compose.yml");
            Files.writeString(path, yaml);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
