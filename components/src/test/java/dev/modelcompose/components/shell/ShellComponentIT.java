package dev.modelcompose.components.shell;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ChunkSubscriber;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.modelcompose.components.TestCallContext.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shell component against real processes. */
class ShellComponentIT {
    private static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Throwable {
        await(vertx.close());
    }

    private static String file(String component) {
        return """
                components:
                  - id: sh
                """ + component.indent(4) + """
                workflow:
                  jobs:
                    - component: sh
                """;
    }

    private Future<Object> call(String component, Object input, TestCallContext context) {
        ComposeFixture fixture = ComposeFixture.load(dir, file(component));
        Component shell = fixture.create("sh");
        ComponentSpec spec = fixture.spec("sh");
        return shell.call(spec.action(null).orElseThrow(), input, context);
    }

    private Object run(String component, Object input) throws Throwable {
        return await(call(component, input, new TestCallContext(vertx)));
    }

    @Test
    void echoGivesStdoutWithoutTrailingNewlineStderrAndExitCode() throws Throwable {
        Object result = run("""
                type: shell
                command: [echo, "hello ${input.name}"]
                """, Map.of("name", "Ada"));
        assertThat(result).isEqualTo(Map.of("stdout", "hello Ada", "stderr", "", "exit_code", 0));
    }

    @Test
    void nonZeroExitIsAResultNotAnError() throws Throwable {
        Object result = run("""
                type: shell
                command: [sh, -c, "echo out; echo err >&2; exit 3"]
                """, Map.of());
        assertThat(result).isEqualTo(Map.of("stdout", "out", "stderr", "err", "exit_code", 3));
    }

    @Test
    void argumentsAreNotInterpretedByAShell() throws Throwable {
        Object result = run("""
                type: shell
                command: [echo, "${input.text}"]
                output: ${result.stdout}
                """, Map.of("text", "$HOME; ls | wc > x"));
        assertThat(result).isEqualTo("$HOME; ls | wc > x");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void commandCanBeOneBindingThatRendersTheArgv() throws Throwable {
        Object result = run("""
                type: shell
                command: ${input.argv}
                output: ${result.stdout}
                """, Map.of("argv", List.of("printf", "%s-%s", "a", 7)));
        assertThat(result).isEqualTo("a-7");
    }

    @Test
    void aStreamInTheArgumentsIsCollectedFirst() throws Throwable {
        Object result = run("""
                type: shell
                command: [echo, "${input.text}"]
                output: ${result.stdout}
                """, Map.of("text", ChunkStream.of(true, "stre", "amed")));
        assertThat(result).isEqualTo("streamed");
    }

    @Test
    void actionEnvIsMergedOverComponentEnvOverTheProcessEnv() throws Throwable {
        Object result = run("""
                type: shell
                env: {A: component-a, B: component-b}
                action:
                  command: [sh, -c, "echo $A/$B/$C/${PATH:+has-path}"]
                  env: {B: action-b, C: "${input.c}"}
                  output: ${result.stdout}
                """, Map.of("c", 3));
        assertThat(result).isEqualTo("component-a/action-b/3/has-path");
    }

    @Test
    void workingDirIsRelativeToBaseDirWhichIsRelativeToTheComposeFile() throws Throwable {
        Files.createDirectories(dir.resolve("tools/inner"));
        Object result = run("""
                type: shell
                base_dir: tools
                action:
                  command: [pwd]
                  working_dir: inner
                  output: ${result.stdout}
                """, Map.of());
        assertThat(Path.of((String) result).toRealPath()).isEqualTo(dir.resolve("tools/inner").toRealPath());
    }

    @Test
    void missingWorkingDirFailsWithItsPath() {
        assertThatThrownBy(() -> run("""
                type: shell
                command: [pwd]
                working_dir: nowhere
                """, Map.of()))
                .hasMessage("cannot run 'pwd': working directory '" + dir.resolve("nowhere") + "' does not exist");
    }

    @Test
    void aBinaryThatCannotStartFailsWithTheReason() {
        assertThatThrownBy(() -> run("""
                type: shell
                command: [/no/such/bin, --flag]
                """, Map.of()))
                .hasMessage("cannot run '/no/such/bin': No such file or directory");
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Throwable {
        TestCallContext context = new TestCallContext(vertx);
        Future<Object> call = call("""
                type: shell
                command: [sh, -c, "sleep 30; echo never"]
                timeout: 2s
                """, Map.of(), context);
        ProcessHandle sleeper = awaitDescendant("sleep", "30");
        assertThatThrownBy(() -> await(call)).hasMessage("command timed out after 2s: sh -c sleep 30; echo never");
        assertGone(sleeper);
    }

    @Test
    void cancellationKillsTheProcess() throws Throwable {
        TestCallContext context = new TestCallContext(vertx);
        Future<Object> call = call("""
                type: shell
                command: [sleep, "31"]
                """, Map.of(), context);
        ProcessHandle sleeper = awaitDescendant("sleep", "31");
        context.cancellation().cancel("job 'sh' timed out after 2s");
        assertThatThrownBy(() -> await(call)).isInstanceOf(CancellationException.class)
                .hasMessage("job 'sh' timed out after 2s");
        assertGone(sleeper);
    }

    @Test
    void streamingDeliversEachLineBeforeTheProcessEnds() throws Throwable {
        Path go = dir.resolve("go");
        Object result = run("""
                type: shell
                command: [sh, -c, "echo one; while [ ! -f go ]; do sleep 0.05; done; printf 'two\\nthree'"]
                working_dir: .
                streaming: true
                """, Map.of());
        assertThat(result).isInstanceOf(ChunkStream.class);
        ChunkStream stream = (ChunkStream) result;
        assertThat(stream.fragmented()).isTrue();
        BlockingQueue<Object> events = subscribe(stream);
        // the process cannot end before the file exists, so this line arrived while it ran
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("one\n");
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        Files.writeString(go, "");
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("two\n");
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("three");
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo(END);
    }

    @Test
    void streamingOutputIsRenderedPerLine() throws Throwable {
        Object result = run("""
                type: shell
                command: [sh, -c, "echo a; echo b"]
                streaming: ${input.stream}
                output: "> ${result[]}"
                """, Map.of("stream", true));
        assertThat(await(((ChunkStream) result).collect())).containsExactly("> a\n", "> b\n");
    }

    @Test
    void cancellingAStreamKillsTheProcess() throws Throwable {
        Object result = run("""
                type: shell
                command: [sh, -c, "echo ready; sleep 32"]
                streaming: true
                """, Map.of());
        ChunkStream stream = (ChunkStream) result;
        BlockingQueue<Object> events = subscribe(stream);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ready\n");
        ProcessHandle sleeper = awaitDescendant("sleep", "32");
        stream.cancel();
        assertGone(sleeper);
    }

    @Test
    void streamingTimeoutFailsTheStream() throws Throwable {
        Object result = run("""
                type: shell
                command: [sh, -c, "echo first; sleep 33"]
                streaming: true
                timeout: 2500ms
                """, Map.of());
        ProcessHandle sleeper = awaitDescendant("sleep", "33");
        assertThatThrownBy(() -> await(((ChunkStream) result).collect()))
                .hasMessage("command timed out after 2.5s: sh -c echo first; sleep 33");
        assertGone(sleeper);
    }

    private static final Object END = new Object();

    private static BlockingQueue<Object> subscribe(ChunkStream stream) {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        stream.subscribe(new ChunkSubscriber() {
            @Override
            public void onChunk(Object chunk) {
                events.add(chunk);
            }

            @Override
            public void onError(Throwable error) {
                events.add(error);
            }

            @Override
            public void onEnd() {
                events.add(END);
            }
        });
        return events;
    }

    /** A running descendant of this JVM with that command and arguments; waits up to 10 s for it to appear. */
    private static ProcessHandle awaitDescendant(String command, String... arguments) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Optional<ProcessHandle> found = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/" + command)).orElse(false))
                    .filter(p -> Arrays.equals(p.info().arguments().orElse(new String[0]), arguments))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no running '" + command + " " + String.join(" ", arguments) + "'");
    }

    private static void assertGone(ProcessHandle process) throws Exception {
        process.onExit().get(10, TimeUnit.SECONDS);
        assertThat(process.isAlive()).isFalse();
    }
}
