package dev.modelcompose.components.file;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file component on real temporary folders: listing, reading, binary files, and the base_dir fence. */
class FileComponentTest {
    private static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @BeforeEach
    void corpus() throws IOException {
        write("docs/guide.md", "# Guide\n\nRead me.\n");
        write("docs/notes.txt", "plain notes");
        write("docs/api/http.md", "## HTTP\n");
        write("docs/api/sse.md", "## SSE\n");
        write("docs/.hidden.md", "secret");
        write("outside.txt", "outside the fence");
        Files.write(dir.resolve("docs/logo.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        Files.write(dir.resolve("docs/latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("docs/bom.md"), "\uFEFFbom first".getBytes(StandardCharsets.UTF_8));
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private String file(String component, String action) {
        return """
                components:
                  - id: files
                    type: file
                """ + component.indent(4) + """
                    action:
                """ + action.indent(6) + """
                workflow:
                  jobs:
                    - component: files
                """;
    }

    private Object call(String component, String action, Object input) throws Throwable {
        ComposeFixture fixture = ComposeFixture.load(dir, file(component, action));
        Component created = fixture.create("files");
        ComponentSpec spec = fixture.spec("files");
        return TestCallContext.await(created.call(spec.actions().get(0), input, new TestCallContext(vertx, dir, null)));
    }

    private Object call(String action, Object input) throws Throwable {
        return call("", action, input);
    }

    @Test
    void listsAFolderSortedRelativeToTheComposeFile() throws Throwable {
        assertThat(call("method: list\npath: docs", Map.of()))
                .isEqualTo(List.of("docs/bom.md", "docs/guide.md", "docs/latin1.txt", "docs/logo.png",
                        "docs/notes.txt"));
    }

    @Test
    void listsRecursivelyWithAPattern() throws Throwable {
        assertThat(call("method: list\npath: ${input.dir}\nrecursive: true\npattern: '*.md'", Map.of("dir", "docs")))
                .isEqualTo(List.of("docs/api/http.md", "docs/api/sse.md", "docs/bom.md", "docs/guide.md"));
    }

    @Test
    void listsAGlob() throws Throwable {
        assertThat(call("method: list\npath: 'docs/**/*.md'", Map.of()))
                .isEqualTo(List.of("docs/api/http.md", "docs/api/sse.md", "docs/bom.md", "docs/guide.md"));
        assertThat(call("method: list\npath: 'docs/api/s*.md'", Map.of())).isEqualTo(List.of("docs/api/sse.md"));
    }

    @Test
    void listsAListOfFoldersFilesAndGlobsAsOneSortedList() throws Throwable {
        assertThat(call("method: list\npath: ${input.paths}\npattern: '*.md'",
                Map.of("paths", List.of("docs/api", "docs/notes.txt", "docs/g*.md", "docs/api/sse.md"))))
                .isEqualTo(List.of("docs/api/http.md", "docs/api/sse.md", "docs/guide.md", "docs/notes.txt"));
    }

    @Test
    void listsAbsolutePathsWhenGivenOne() throws Throwable {
        Path api = dir.resolve("docs/api");
        assertThat(call("method: list\npath: ${input.dir}", Map.of("dir", api.toString())))
                .isEqualTo(List.of(api.resolve("http.md").toString(), api.resolve("sse.md").toString()));
    }

    @Test
    void listingAMissingFolderIsAClearError() {
        assertThatThrownBy(() -> call("method: list\npath: nowhere", Map.of()))
                .hasMessage("no such file or folder: nowhere");
    }

    @Test
    void readsOneFileAsText() throws Throwable {
        assertThat(call("method: read\npath: ${input.path}", Map.of("path", "docs/guide.md")))
                .isEqualTo("# Guide\n\nRead me.\n");
    }

    @Test
    void readsAListOfPathsAsAListOfTexts() throws Throwable {
        assertThat(call("method: read\npath: ${input.paths}", Map.of("paths", List.of("docs/notes.txt",
                "docs/api/sse.md", "docs/bom.md"))))
                .isEqualTo(List.of("plain notes", "## SSE\n", "bom first"));
    }

    @Test
    void readOutputTemplateSeesTheText() throws Throwable {
        assertThat(call("method: read\npath: docs/notes.txt\noutput: { path: docs/notes.txt, text: '${result}' }",
                Map.of())).isEqualTo(Map.of("path", "docs/notes.txt", "text", "plain notes"));
    }

    @Test
    void aBinaryFileIsRefusedByName() {
        assertThatThrownBy(() -> call("method: read\npath: docs/logo.png", Map.of()))
                .hasMessage("docs/logo.png is not a text file: it holds NUL bytes"
                        + " (the file component reads UTF-8 text and Markdown)");
    }

    @Test
    void invalidUtf8IsRefusedByName() {
        assertThatThrownBy(() -> call("method: read\npath: docs/latin1.txt", Map.of()))
                .hasMessage("docs/latin1.txt is not a text file: it is not valid UTF-8 at byte 3"
                        + " (the file component reads UTF-8 text and Markdown)");
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> call("method: read\npath: docs/gone.md", Map.of()))
                .hasMessage("no such file: docs/gone.md");
    }

    @Test
    void readingAFolderSaysToListIt() {
        assertThatThrownBy(() -> call("method: read\npath: docs", Map.of()))
                .hasMessage("docs is a folder (list its files with method: list)");
    }

    @Test
    void baseDirIsWherePathsResolve() throws Throwable {
        assertThat(call("base_dir: docs", "method: read\npath: notes.txt", Map.of())).isEqualTo("plain notes");
        assertThat(call("base_dir: docs", "method: list\npath: api", Map.of()))
                .isEqualTo(List.of("api/http.md", "api/sse.md"));
    }

    @Test
    void dotDotOutOfBaseDirIsRefused() {
        assertThatThrownBy(() -> call("base_dir: docs", "method: read\npath: ${input.path}",
                Map.of("path", "../outside.txt")))
                .hasMessage("'../outside.txt' is outside base_dir docs (paths must stay inside it)");
    }

    @Test
    void anAbsolutePathOutsideBaseDirIsRefused() {
        String outside = dir.resolve("outside.txt").toString();
        assertThatThrownBy(() -> call("base_dir: docs", "method: read\npath: ${input.path}", Map.of("path", outside)))
                .hasMessage("'" + outside + "' is outside base_dir docs (paths must stay inside it)");
    }

    @Test
    void aSymbolicLinkOutOfBaseDirIsRefused() throws IOException {
        Files.createSymbolicLink(dir.resolve("docs/escape.txt"), dir.resolve("outside.txt"));
        assertThatThrownBy(() -> call("base_dir: docs", "method: read\npath: escape.txt", Map.of()))
                .hasMessage("'escape.txt' leads outside base_dir docs through a symbolic link"
                        + " (paths must stay inside it)");
        assertThatThrownBy(() -> call("base_dir: docs", "method: list\npath: .", Map.of()))
                .hasMessage("'escape.txt' leads outside base_dir docs through a symbolic link"
                        + " (paths must stay inside it)");
    }

    @Test
    void withoutBaseDirDotDotIsAllowed() throws Throwable {
        String up = "../" + dir.getFileName() + "/outside.txt";
        assertThat(call("method: read\npath: ${input.path}", Map.of("path", up))).isEqualTo("outside the fence");
    }

    @Test
    void aMissingMethodIsALoadError() {
        assertThatThrownBy(() -> ComposeFixture.bindOnly(dir, file("", "path: docs")).create("files"))
                .hasMessage(dir.resolve("compose.yml") + ":5:7: components[0].action: a file action needs a method"
                        + " (method: list (the files of a folder) or method: read (the text of files))");
    }

    @Test
    void patternOnReadIsALoadError() {
        assertThatThrownBy(() -> ComposeFixture.bindOnly(dir, file("", "method: read\npath: a\npattern: '*.md'"))
                .create("files"))
                .hasMessage(dir.resolve("compose.yml") + ":7:16: components[0].action.pattern:"
                        + " pattern is used only by method: list");
    }

    @Test
    void theSchemaRefusesAnUnknownMethod() {
        assertThatThrownBy(() -> ComposeFixture.load(dir, file("", "method: write\npath: a")))
                .hasMessageContaining("components[0].action.method");
    }
}
