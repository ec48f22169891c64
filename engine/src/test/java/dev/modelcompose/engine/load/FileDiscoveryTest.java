package dev.modelcompose.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscoveryTest {
    @TempDir
    Path dir;

    @Test
    void takesTheFirstDefaultNameThatExists() {
        ComposeFixtures fixtures = new ComposeFixtures(dir)
                .write("model-compose.yaml", "from: model-compose.yaml\n")
                .write("model-compose.yml", "from: model-compose.yml\n");
        assertThat(fixtures.read().files()).containsExactly("model-compose.yml");
        fixtures.write("compose.yaml", "from: compose.yaml\n");
        assertThat(fixtures.plain()).isEqualTo(Map.of("from", "compose.yaml"));
        fixtures.write("compose.yml", "from: compose.yml\n");
        ReadDocument document = fixtures.read();
        assertThat(document.root().toPlain()).isEqualTo(Map.of("from", "compose.yml"));
        assertThat(document.root().get("from").mark()).isEqualTo(new SourceMark("compose.yml", 1, 7));
        assertThat(document.baseDir()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void noComposeFileListsTheNamesTried() {
        ComposeFixtures fixtures = new ComposeFixtures(dir);
        assertThat(assertThrows(ComposeException.class, fixtures::read).getMessage()).isEqualTo(
                dir.toAbsolutePath().normalize() + ": no compose file found (looked for compose.yml, compose.yaml, "
                        + "model-compose.yml, model-compose.yaml) (name one with -f FILE)");
    }

    @Test
    void aNamedFileThatDoesNotExistIsAnError() {
        ComposeFixtures fixtures = new ComposeFixtures(dir);
        assertThat(assertThrows(ComposeException.class, () -> fixtures.read("conf/missing.yml")).getMessage())
                .isEqualTo("conf/missing.yml: compose file not found (paths are relative to "
                        + dir.toAbsolutePath().normalize() + ")");
    }

    @Test
    void marksNameTheFileAsTheUserDid() {
        ComposeFixtures fixtures = new ComposeFixtures(dir).write("conf/app.yml", "a: 1\n");
        assertThat(fixtures.read("conf/app.yml").root().get("a").mark().toString()).isEqualTo("conf/app.yml:1:4");
        Path absolute = dir.resolve("conf/app.yml").toAbsolutePath();
        ReadDocument document = DocumentReader.read(new LoadOptions(List.of(absolute), Path.of("/"), List.of(),
                Map.of(), Map.of()));
        assertThat(document.root().get("a").mark().file()).isEqualTo(absolute.toString());
        assertThat(document.files()).containsExactly(absolute.toString());
    }

    @Test
    void loadOptionsOfTakesAFileRelativeToTheCurrentFolder() {
        new ComposeFixtures(dir).write("compose.yml", "a: 1\n");
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("compose.yml").toAbsolutePath());
        ReadDocument document = DocumentReader.read(LoadOptions.of(relative, Map.of()));
        assertThat(document.files()).containsExactly(relative.toString());
        assertThat(document.baseDir()).isEqualTo(dir.toAbsolutePath().normalize());
    }
}
