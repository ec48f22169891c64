package dev.modelcompose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.DocumentReader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.load.Problem;
import dev.modelcompose.engine.load.SchemaCheck;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import dev.modelcompose.engine.spi.ComponentTypes;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The docs as an author reads them:
 * <ul>
 *   <li>every {@code docs/examples/<name>/} runs through the real loader, runtime and components, and its output
 *       for {@code input.json} equals {@code expected.json};</li>
 *   <li>every example's compose.yml is shown as it is in a yaml block of a {@code docs/*.md} page;</li>
 *   <li>every yaml block of every page is right: a whole compose file loads and compiles (with a placeholder for
 *       each environment variable it needs), a job snippet (a block starting with {@code - }) validates inside
 *       {@code workflow: {jobs: [...]}}, any other fragment parses. A block whose first line is
 *       {@code # name.yml} is written under that name beside the page's other named blocks, so that one can
 *       {@code include} another; {@code # b.yml (layered over a.yml)} loads as {@code -f a.yml -f b.yml};</li>
 *   <li>every relative link of the pages and of README.md points to a file, and its {@code #anchor} to a heading.</li>
 * </ul>
 */
class DocsIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCS = ROOT.resolve("docs");
    private static final Path EXAMPLES = DOCS.resolve("examples");
    private static final List<String> EXAMPLE_FILES = List.of("compose.yml", "input.json", "expected.json");
    private static final Pattern YAML_BLOCK = Pattern.compile("(?m)^```yaml\\n(.*?)^```", Pattern.DOTALL);
    /** {@code # compose.prod.yml} or {@code # compose.prod.yml (layered over compose.yml)} on a block's first line. */
    private static final Pattern FILE_HEADER =
            Pattern.compile("# ([\\w./-]+\\.ya?ml)(?: \\(layered over ([\\w./-]+\\.ya?ml)\\))?\n");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");
    /** Fenced code blocks, where links and headings are text. */
    private static final Pattern CODE = Pattern.compile("(?ms)^```.*?^```");
    private static final Pattern WHOLE_FILE = Pattern.compile("(?m)^(workflows?|components?):");
    /** {@code ${env.NAME}} and {@code ${NAME}} with what follows the name; binding sources are not variables. */
    private static final Pattern ENV_REFERENCE =
            Pattern.compile("\\$\\{\\s*(env\\.)?([A-Za-z_][A-Za-z0-9_]*)\\s*(:-|-|:\\?|\\?|:\\+|\\+|\\||})?");
    private static final Set<String> BINDING_SOURCES = Set.of("input", "output", "result", "response", "item",
            "index", "error", "context", "jobs", "job", "env");
    private static final long RUN_SECONDS = 60;

    private static final ComponentTypes TYPES = ComponentTypes.discover();
    private static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    @TestFactory
    Stream<DynamicTest> everyExampleGivesItsExpectedOutput() throws IOException {
        return exampleFolders().stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
            for (String name : EXAMPLE_FILES) {
                assertThat(folder.resolve(name)).as("docs/examples/%s needs %s", folder.getFileName(), name)
                        .isRegularFile();
            }
            Object input = Json.parse(Files.readString(folder.resolve("input.json")));
            JsonNode expected = Json.MAPPER.readTree(folder.resolve("expected.json").toFile());
            JsonNode actual = Json.MAPPER.readTree(Json.write(run(folder, input)));
            assertThat(actual.equals(NUMBERS_BY_VALUE, expected))
                    .as("docs/examples/%s output%n  actual:   %s%n  expected: %s", folder.getFileName(), actual,
                            expected)
                    .isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleIsShownOnAPage() throws IOException {
        List<String> blocks = new ArrayList<>();
        for (Path page : pages()) {
            blocks.addAll(yamlBlocks(page));
        }
        return exampleFolders().stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
            Path compose = folder.resolve("compose.yml");
            assertThat(compose).isRegularFile();
            assertThat(blocks).as("a ```yaml block of docs/*.md showing docs/examples/%s/compose.yml as it is",
                    folder.getFileName()).contains(Files.readString(compose));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyRelativeLinkResolves() throws IOException {
        List<Path> pages = new ArrayList<>(pages());
        pages.add(ROOT.resolve("README.md"));
        return pages.stream().map(page -> DynamicTest.dynamicTest(ROOT.relativize(page).toString(), () -> {
            List<String> broken = new ArrayList<>();
            String text = CODE.matcher(Files.readString(page)).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
                if (!Files.exists(file)) {
                    broken.add(target + " (no such file)");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(target + " (no such heading)");
                }
            }
            assertThat(broken).as("broken links in %s", ROOT.relativize(page)).isEmpty();
        }));
    }

    /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(CODE.matcher(Files.readString(page)).replaceAll(""));
        while (heading.find()) {
            String slug = heading.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            for (int n = 0; !anchors.add(n == 0 ? slug : slug + "-" + n); n++) {
                // a repeated heading gets -1, -2, ...
            }
        }
        return anchors;
    }

    @TestFactory
    Stream<DynamicTest> everyYamlBlockIsRight() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages()) {
            List<String> blocks = yamlBlocks(page);
            Path pageFolder = dir.resolve(page.getFileName().toString());
            Path group = null;
            for (int i = 0; i < blocks.size(); i++) {
                String block = blocks.get(i);
                String name = page.getFileName() + " block " + (i + 1);
                Path folder = pageFolder.resolve("block-" + (i + 1));
                Matcher header = FILE_HEADER.matcher(block);
                List<Path> files = List.of(Path.of("compose.yml"));
                if (header.lookingAt()) {
                    // a block headed `# name.yml` is that file, beside the other named blocks of the page (until a
                    // name repeats), so that blocks can include each other or be layered with `-f a -f b`
                    Path named = Path.of(header.group(1));
                    if (group == null || Files.exists(group.resolve(named))) {
                        group = folder;
                    }
                    folder = group;
                    write(folder.resolve(named), block);
                    files = header.group(2) == null ? List.of(named) : List.of(Path.of(header.group(2)), named);
                } else {
                    write(folder.resolve("compose.yml"), block);
                }
                Path where = folder;
                List<Path> load = files;
                if (WHOLE_FILE.matcher(block).find()) {
                    tests.add(named(name + " (compose file)", () -> loadsAndCompiles(where, load, block)));
                } else if (block.startsWith("- ")) {
                    tests.add(named(name + " (jobs)", () -> jobsValidate(block, where)));
                } else {
                    tests.add(named(name + " (fragment)", () -> parses(block)));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(50);
        return tests.stream();
    }

    /** A dynamic test whose failure message starts with its name (surefire reports list them by number). */
    private static DynamicTest named(String name, ThrowingCallable check) {
        return DynamicTest.dynamicTest(name, () -> assertThatCode(check).as(name).doesNotThrowAnyException());
    }

    private static void loadsAndCompiles(Path folder, List<Path> files, String block) {
        ComposeFile file = new ComposeLoader(TYPES).load(options(folder, files, block));
        CompiledCompose compiled = CompiledCompose.compile(file, TYPES);
        assertThat(compiled.components().size() + compiled.workflows().size()).isPositive();
    }

    private static void jobsValidate(String block, Path folder) throws IOException {
        String yaml = "workflow:\n  jobs:\n" + block.indent(4);
        write(folder.resolve("jobs.yml"), yaml);
        List<Problem> problems =
                SchemaCheck.problems(DocumentReader.read(options(folder, List.of(Path.of("jobs.yml")), block)).root());
        assertThat(problems).as(yaml).isEmpty();
    }

    private static void parses(String block) {
        new Load(LoadSettings.builder().build()).loadFromString(block);
    }

    /** Loads {@code files} in {@code folder} with a placeholder for every variable the block needs. */
    private static LoadOptions options(Path folder, List<Path> files, String block) {
        return new LoadOptions(files, folder, List.of(), Map.of(), placeholders(block));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** A value for every environment variable {@code block} reads without a default. */
    static Map<String, String> placeholders(String block) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher matcher = ENV_REFERENCE.matcher(block);
        while (matcher.find()) {
            String name = matcher.group(2);
            boolean variable = matcher.group(1) != null || !BINDING_SOURCES.contains(name);
            String after = matcher.group(3);
            boolean needsValue = after == null || after.equals("}") || after.contains("?") || after.contains("+");
            if (variable && needsValue) {
                env.put(name, "placeholder-" + name.toLowerCase());
            }
        }
        return env;
    }

    private static Object run(Path folder, Object input) throws Exception {
        LoadOptions options = new LoadOptions(List.of(Path.of("compose.yml")), folder, List.of(), Map.of(),
                Map.of());
        ComposeFile file = new ComposeLoader(TYPES).load(options);
        ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(file, TYPES));
        await(runtime.start());
        try {
            Object output = await(runtime.run(null, input, RunOptions.defaults()));
            return output instanceof ChunkStream stream ? await(stream.drain()) : output;
        } finally {
            await(runtime.stop());
        }
    }

    private static List<Path> exampleFolders() throws IOException {
        try (Stream<Path> all = Files.list(EXAMPLES)) {
            List<Path> folders = all.filter(Files::isDirectory).sorted().toList();
            assertThat(folders).hasSizeGreaterThanOrEqualTo(15);
            return folders;
        }
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> all = Files.list(DOCS)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }

    private static List<String> yamlBlocks(Path page) throws IOException {
        Matcher matcher = YAML_BLOCK.matcher(Files.readString(page));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    /** JSON equality where 2, 2.0 and 2L are the same number. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a instanceof NumericNode x && b instanceof NumericNode y) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(RUN_SECONDS, TimeUnit.SECONDS);
    }
}
