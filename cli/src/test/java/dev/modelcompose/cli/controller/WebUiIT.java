package dev.modelcompose.cli.controller;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page in a real headless Chromium, driven over the DevTools protocol against a real controller: the form is
 * generated from the schema, a streamed run shows its chunks as they come, the job graph reaches done, output is
 * never parsed as HTML, and the screenshots (kept in {@code target/}) are not blank.
 */
class WebUiIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String COMPOSE = """
            controller:
              adapter: { type: http-server, host: 127.0.0.1, port: 0, base_path: /api }
            components:
              - id: text
                type: shell
                actions:
                  - id: greet
                    command: [ sh, -c, 'printf "hello %s" "$NAME"' ]
                    env: { NAME: "${input.name}" }
                    output: "${result.stdout}"
                  - id: fail
                    command: [ /nonexistent/disk-full ]
                    output: "${result.stdout}"
                  - id: kinds
                    command: [ sh, -c, 'printf "%s|%s|%s|%s|%s" "$VOICE" "$LOUD" "$TAGS" "$RATIO" "$PROMPT"' ]
                    env:
                      VOICE: "${input.voice as select/alloy,echo | echo}"
                      LOUD: "${input.loud as boolean | false}"
                      TAGS: "${input.tags as list}"
                      RATIO: "${input.ratio as number | 0.5}"
                      PROMPT: "${input.prompt as text @(description Say anything)}"
                    output: "${result.stdout}"
                  - id: count
                    # after chunk 1 it waits (at most 60 s) for the test to create the gate file: the page must show
                    # chunk 1 while the rest is still to come, whatever the machine's load
                    command: [ sh, -c, 'for n in $(seq 1 "$1"); do echo "chunk $n"; if [ "$n" -eq 1 ]; then i=0; while [ ! -f "$2" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; else sleep 0.1; fi; done', count, "${input.count}", "${input.gate}" ]
                    streaming: true
                    output: "${result[]}"
            workflows:
              - id: stream
                title: Streamed count
                description: Greets, then counts one line at a time.
                default: true
                jobs:
                  - id: greet
                    component: text
                    action: greet
                    input: { name: "${input.name @(description Who to greet)}" }
                  - id: count
                    component: text
                    action: count
                    depends_on: [ greet ]
                    input: { count: "${input.count as integer | 3 @(description How many lines)}", gate: "gate-${input.name}" }
                output: "${jobs.count.output as stream/text}"
              - id: hello
                title: Hello
                job:
                  component: text
                  action: greet
                  input: { name: "${input.name}" }
                output: { greeting: "${jobs.__job__.output as markdown}" }
              - id: kinds
                title: Every kind of field
                job:
                  component: text
                  action: kinds
              - id: broken
                title: Broken
                jobs:
                  - id: first
                    component: text
                    action: greet
                    input: { name: x }
                  - id: fails
                    component: text
                    action: fail
                    depends_on: [ first ]
            """;

    @TempDir
    static Path work;
    private static ControllerHarness controller;
    private static DevToolsBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = DevToolsBrowser.findChromium();
        assumeTrue(chromium != null, "chromium is not installed (Debian: apt-get install chromium); .ci/run installs it");
        controller = ControllerHarness.start(work, COMPOSE);
        Path profile = Files.createDirectories(work.resolve("chromium-profile"));
        browser = DevToolsBrowser.launch(chromium, profile);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    @AfterEach
    void noPageErrors() {
        assertThat(browser.takePageErrors()).as("uncaught exceptions, console errors, CSP violations").isEmpty();
    }

    @Test
    void streamedRunShowsChunksAsTheyComeAndTheJobsReachDone() throws Exception {
        browser.viewport(1280, 900, false);
        browser.navigate(pageUrl(controller) + "#/stream");
        browser.waitUntil("the stream workflow's form",
                "document.getElementById('workflow-title').textContent === 'Streamed count'"
                        + " && document.querySelectorAll('#fields .field').length === 2", WAIT);

        assertThat(browser.evaluate("document.querySelector('#fields [name=count]').value")).isEqualTo("3");
        assertThat(browser.evaluate("document.querySelector('#fields [name=count]').type")).isEqualTo("number");
        assertThat(text("[...document.querySelectorAll('#fields .help')].map(e => e.textContent).join('|')"))
                .isEqualTo("Who to greet|How many lines");
        assertThat(browser.evaluate("[...document.querySelectorAll('#graph .node')].map(n => n.dataset.job).join(',')"))
                .isEqualTo("greet,count");

        browser.evaluate("document.querySelector('#fields [name=name]').value = 'web'");
        browser.evaluate("document.querySelector('#fields [name=count]').value = '4'");
        browser.evaluate("document.getElementById('run-button').click()");

        browser.waitUntil("the first streamed chunk", "document.getElementById('output').textContent.includes('chunk 1')", WAIT);
        assertThat(text("document.getElementById('output').textContent"))
                .as("chunks arrive one by one, not all at the end").doesNotContain("chunk 2");
        assertThat(browser.evaluate("document.getElementById('cancel-button').disabled")).isEqualTo(false);
        save("webui-streaming.png", browser.screenshot());
        Files.writeString(work.resolve("gate-web"), "go");

        browser.waitUntil("the run to complete", "document.getElementById('run-status').textContent.startsWith('Completed')", WAIT);
        assertThat(text("document.querySelector('#output pre').textContent"))
                .isEqualTo("chunk 1\nchunk 2\nchunk 3\nchunk 4\n");
        browser.waitUntil("both jobs done",
                "[...document.querySelectorAll('#graph .node')].every(n => n.dataset.state === 'done')", WAIT);
        assertThat(text("document.querySelector('#graph .node[data-job=count] .node-time').textContent"))
                .matches("[0-9.]+ (ms|s)");

        byte[] png = browser.screenshot();
        save("webui-1280.png", png);
        assertThat(distinctColours(png)).as("distinct colours in the screenshot").isGreaterThan(100);

        browser.viewport(390, 844, true);
        browser.waitUntil("the graph drawn top down to fit the phone's width",
                "Number(document.querySelector('#graph svg').getAttribute('width')) <= document.getElementById('graph').clientWidth", WAIT);
        assertThat(browser.evaluate("[...document.querySelectorAll('#graph .node')].every(n => n.dataset.state === 'done')"))
                .as("states kept when redrawn").isEqualTo(true);
        byte[] phone = browser.screenshot();
        save("webui-390.png", phone);
        assertThat(distinctColours(phone)).isGreaterThan(100);
        assertThat(browser.evaluate("document.documentElement.scrollWidth <= 390")).as("no sideways scrolling").isEqualTo(true);
    }

    @Test
    void cancelStopsTheRunAndSaysSo() throws Exception {
        browser.viewport(1280, 900, false);
        browser.navigate(pageUrl(controller) + "#/stream");
        browser.waitUntil("the stream workflow's form", "document.getElementById('workflow-title').textContent === 'Streamed count'", WAIT);
        browser.evaluate("document.querySelector('#fields [name=name]').value = 'cancel'");
        browser.evaluate("document.querySelector('#fields [name=count]').value = '50'");
        browser.evaluate("document.getElementById('run-button').click()");
        browser.waitUntil("the first streamed chunk", "document.getElementById('output').textContent.includes('chunk 1')", WAIT);

        browser.evaluate("document.getElementById('cancel-button').click()");
        browser.waitUntil("the run to be cancelled", "document.getElementById('run-status').textContent.startsWith('Cancelled')", WAIT);
        assertThat(text("document.getElementById('output').textContent")).doesNotContain("chunk 50");
        assertThat(browser.evaluate("document.getElementById('run-button').disabled")).isEqualTo(false);
        assertThat(browser.evaluate("document.getElementById('cancel-button').disabled")).isEqualTo(true);
    }

    @Test
    void outputIsShownAsTextNeverAsHtml() throws Exception {
        browser.viewport(1280, 900, false);
        browser.navigate(pageUrl(controller) + "#/hello");
        browser.waitUntil("the hello form", "document.getElementById('workflow-title').textContent === 'Hello'", WAIT);
        String attack = "<img src=x onerror=\"window.pwned=1\"> **bold** [x](javascript:window.pwned=2)";
        browser.evaluate("document.querySelector('#fields [name=name]').value = " + jsString(attack));
        browser.evaluate("document.getElementById('run-button').click()");
        browser.waitUntil("the run to complete", "document.getElementById('run-status').textContent.startsWith('Completed')", WAIT);

        assertThat(text("document.querySelector('#output .markdown').textContent"))
                .isEqualTo("hello <img src=x onerror=\"window.pwned=1\"> bold [x](javascript:window.pwned=2)");
        assertThat(browser.evaluate("document.querySelectorAll('#output img, #output a').length")).isEqualTo(0);
        assertThat(text("document.querySelector('#output .markdown strong').textContent")).isEqualTo("bold");
        assertThat(browser.evaluate("typeof window.pwned")).isEqualTo("undefined");
    }

    @Test
    void asksForTheApiKeyAfterA401AndKeepsItForTheTab(@TempDir Path dir) throws Exception {
        try (ControllerHarness guarded = ControllerHarness.start(dir,
                COMPOSE.replace("base_path: /api }", "base_path: /api, api_key: s3cret }"))) {
            browser.viewport(1280, 900, false);
            browser.navigate(pageUrl(guarded));
            browser.evaluate("sessionStorage.clear()");
            browser.navigate(pageUrl(guarded) + "?again");
            browser.waitUntil("the API key panel", "!document.getElementById('api-key-panel').hidden", WAIT);
            assertThat(browser.evaluate("document.querySelectorAll('#workflow-list a').length")).isEqualTo(0);

            browser.evaluate("document.getElementById('api-key-input').value = 's3cret'");
            browser.evaluate("document.querySelector('#api-key-form button').click()");
            browser.waitUntil("the workflows", "document.querySelectorAll('#workflow-list a').length === 4", WAIT);
            assertThat(browser.evaluate("sessionStorage.getItem('compose.api_key')")).isEqualTo("s3cret");
            assertThat(browser.evaluate("document.getElementById('api-key-panel').hidden")).isEqualTo(true);
        }
    }

    @Test
    void eachTypeGetsItsFieldAndBadJsonStopsTheRun() throws Exception {
        browser.viewport(1280, 900, false);
        browser.navigate(pageUrl(controller) + "#/kinds");
        browser.waitUntil("the kinds form", "document.getElementById('workflow-title').textContent === 'Every kind of field'", WAIT);
        assertThat(text("[...document.querySelectorAll('#fields [name]')].map(e => e.name + ':' + e.tagName.toLowerCase()"
                + " + (e.type && e.tagName === 'INPUT' ? '/' + e.type : '')).join(' ')"))
                .isEqualTo("voice:select loud:input/checkbox tags:textarea ratio:input/number prompt:textarea");
        assertThat(text("[...document.querySelector('[name=voice]').options].map(o => o.value).join(',')")).isEqualTo("alloy,echo");
        assertThat(browser.evaluate("document.querySelector('[name=voice]').value")).isEqualTo("echo");
        assertThat(browser.evaluate("document.querySelector('[name=ratio]').value")).isEqualTo("0.5");
        assertThat(text("[...document.querySelectorAll('#fields label .required')].map(e => e.closest('.field').querySelector('[name]').name).join(',')"))
                .isEqualTo("tags,prompt");

        browser.evaluate("document.querySelector('[name=tags]').value = '[\"a\", '");
        browser.evaluate("document.getElementById('run-button').click()");
        browser.waitUntil("the JSON error", "document.querySelector('[name=tags]').getAttribute('aria-invalid') === 'true'", WAIT);
        assertThat(text("document.querySelector('[name=tags]').closest('.field').querySelector('.field-error').textContent")).startsWith("Not valid JSON");
        assertThat(text("document.getElementById('run-status').textContent")).isEqualTo("Fix 1 field first.");

        browser.evaluate("document.querySelector('[name=tags]').value = '[\"a\", 2]'");
        browser.evaluate("document.querySelector('[name=loud]').click()");
        browser.evaluate("document.querySelector('[name=prompt]').value = 'two\\nlines'");
        browser.evaluate("document.getElementById('run-button').click()");
        browser.waitUntil("the run to complete", "document.getElementById('run-status').textContent.startsWith('Completed')", WAIT);
        assertThat(text("document.querySelector('#output pre').textContent")).isEqualTo("echo|true|[\"a\",2]|0.5|two\nlines");
        save("webui-kinds.png", browser.screenshot());
    }

    @Test
    void aFailedRunShowsTheErrorAndTheFailedJob() throws Exception {
        browser.viewport(1280, 900, false);
        browser.navigate(pageUrl(controller) + "#/broken");
        browser.waitUntil("the broken form", "document.getElementById('workflow-title').textContent === 'Broken'", WAIT);
        browser.evaluate("document.getElementById('run-button').click()");
        browser.waitUntil("the run to fail", "document.getElementById('run-status').textContent.startsWith('Failed')", WAIT);
        assertThat(text("document.querySelector('#output .error').textContent")).isEqualTo("job 'fails' failed: cannot run '/nonexistent/disk-full': No such file or directory");
        assertThat(text("[...document.querySelectorAll('#graph .node')].map(n => n.dataset.job + ':' + n.dataset.state).join(',')"))
                .isEqualTo("first:done,fails:failed");
        save("webui-failed.png", browser.screenshot());
    }

    @Test
    void markdownKeepsOnlySafeLinksAndNeverParsesHtml() throws Exception {
        browser.navigate(pageUrl(controller));
        browser.waitUntil("the page", "document.querySelectorAll('#workflow-list a').length > 0", WAIT);
        String render = "import('./render.js').then(m => { const e = m.renderMarkdown(%s); return e.innerHTML; })";
        assertThat(text(render.formatted(jsString("# Title\n\nSome **bold** and *it* and `co<de>`\n\n- a\n- [b](https://x.org/?q=1&r=2)"))))
                .isEqualTo("<h3 class=\"md-h1\">Title</h3><p>Some <strong>bold</strong> and <em>it</em> and <code>co&lt;de&gt;</code></p>"
                        + "<ul><li>a</li><li><a href=\"https://x.org/?q=1&amp;r=2\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">b</a></li></ul>");
        for (String href : List.of("javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
                "vbscript:x", " javascript:alert(1)")) {
            assertThat(text(render.formatted(jsString("[x](" + href + ")")))).as(href).doesNotContain("<a ");
        }
        assertThat(text(render.formatted(jsString("<script>alert(1)</script>\n```\n<b>x</b>\n```"))))
                .isEqualTo("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><pre><code>&lt;b&gt;x&lt;/b&gt;</code></pre>");
        assertThat(text(render.formatted(jsString("[rel](docs/a.md) [mail](mailto:a@b.c)"))))
                .contains("href=\"docs/a.md\"").contains("href=\"mailto:a@b.c\"");
    }

    @Test
    void mediaOutputsUseOnlySafeSources() throws Exception {
        browser.navigate(pageUrl(controller));
        browser.waitUntil("the page", "document.querySelectorAll('#workflow-list a').length > 0", WAIT);
        String render = "import('./render.js').then(m => m.renderValue(%s, %s).outerHTML)";
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
        assertThat(text(render.formatted(jsString(png), "{name: 'picture', type: 'image', subtype: 'png', format: 'base64'}")))
                .isEqualTo("<img src=\"data:image/png;base64," + png + "\" alt=\"picture\" class=\"media\">");
        assertThat(text(render.formatted(jsString("https://example.org/a.mp3"), "{type: 'audio'}")))
                .isEqualTo("<audio src=\"https://example.org/a.mp3\" controls=\"\" class=\"media\"></audio>");
        for (String unsafe : List.of("data:image/svg+xml;base64,PHN2Zz4=", "javascript:alert(1)", "data:text/html;base64,PGI+",
                "//evil.example/x.png")) {
            assertThat(text(render.formatted(jsString(unsafe), "{type: 'image'}"))).as(unsafe).startsWith("<pre class=\"text\">");
        }
        assertThat(text(render.formatted("{a: [1, '<b>']}", "{type: 'json'}")))
                .isEqualTo("<pre class=\"json\">{\n  \"a\": [\n    1,\n    \"&lt;b&gt;\"\n  ]\n}</pre>");
    }

    private static String pageUrl(ControllerHarness harness) {
        return "http://127.0.0.1:" + harness.server.webUiPort() + "/";
    }

    private static String text(String expression) throws Exception {
        return String.valueOf(browser.evaluate(expression));
    }

    private static String jsString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t") + "'";
    }

    private static void save(String name, byte[] png) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, png);
    }

    /** How many distinct colours the PNG has: a blank or one-colour page has a handful. */
    private static int distinctColours(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a PNG").isNotNull();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
