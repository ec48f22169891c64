package dev.modelcompose.engine.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Writes compose files into a test folder and reads them with {@link DocumentReader}. */
final class ComposeFixtures {
    private final Path dir;

    ComposeFixtures(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    ComposeFixtures write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code load/<resource>} from the test resources to {@code name}. */
    ComposeFixtures copy(String resource, String name) {
        return write(name, resource(resource));
    }

    static String resource(String name) {
        try (InputStream in = ComposeFixtures.class.getResourceAsStream("/load/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource load/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ReadDocument read(String... files) {
        return read(Map.of(), files);
    }

    ReadDocument read(Map<String, String> processEnv, String... files) {
        return DocumentReader.read(new LoadOptions(paths(files), dir, List.of(), Map.of(), processEnv));
    }

    ReadDocument read(List<String> envFiles, Map<String, String> processEnv, Map<String, String> overrides,
                      String... files) {
        return DocumentReader.read(new LoadOptions(paths(files), dir, paths(envFiles.toArray(String[]::new)),
                overrides, processEnv));
    }

    /** The whole document as plain values. */
    Object plain(String... files) {
        return read(files).root().toPlain();
    }

    private static List<Path> paths(String... names) {
        return Arrays.stream(names).map(Path::of).toList();
    }
}
