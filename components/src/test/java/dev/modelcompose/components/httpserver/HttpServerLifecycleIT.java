package dev.modelcompose.components.httpserver;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.engine.spi.ManagedProcessInfo;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static dev.modelcompose.components.httpserver.ServerFixture.await;
import static dev.modelcompose.components.httpserver.ServerFixture.chat;
import static dev.modelcompose.components.httpserver.ServerFixture.compose;
import static dev.modelcompose.components.httpserver.ServerFixture.create;
import static dev.modelcompose.components.httpserver.ServerFixture.freePort;
import static dev.modelcompose.components.httpserver.ServerFixture.groupMembers;
import static dev.modelcompose.components.httpserver.ServerFixture.services;
import static dev.modelcompose.components.httpserver.ServerFixture.startCommand;
import static dev.modelcompose.components.httpserver.ServerFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The managed http-server lifecycle with a real server process (a single-file Java program that speaks the OpenAI
 * chat shape and streams SSE), started the way a user's vLLM or Ollama is started.
 */
class HttpServerLifecycleIT {
    @TempDir
    Path dir;
    Vertx vertx;
    HttpServerComponent component;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (component != null) {
            await(component.stop());
        }
        await(vertx.close());
    }

    @Test
    void installRunsOnceThenTheServerAnswersAndStopLeavesNoProcess() throws Exception {
        int port = freePort();
        String yaml = compose(port, "[sh, -c, 'sleep 300 & exec \"$0\" \"$@\"', " + startCommand(port).substring(1),
                "");
        component = create(dir, yaml);
        await(component.start(services(vertx, dir, false)));

        assertThat(chat(vertx, dir, component, "hi")).isEqualTo("Hello world");
        ManagedProcessInfo info = component.processInfo().orElseThrow();
        assertThat(info.state()).isEqualTo("running");
        assertThat(info.port()).isEqualTo(port);
        assertThat(info.startedAt()).isNotNull();
        long pid = info.pid();
        List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();
        assertThat(tree).isNotEmpty(); // the sleep started beside the server
        assertThat(groupMembers(pid)).contains(Long.toString(pid));
        String log = Files.readString(dir.resolve(".compose/logs/chat.log"));
        assertThat(log).contains("listening on 127.0.0.1:" + port + " (env MODEL=tiny)").contains("chat request");

        await(component.stop());
        component = null;
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        waitUntil(() -> tree.stream().noneMatch(ProcessHandle::isAlive), 2000); // reaped by init meanwhile
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(groupMembers(pid)).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("install-count"))).containsExactly("installed");
        assertThat(Files.readString(dir.resolve(".compose/state/chat.json"))).contains("install_hash");

        component = create(dir, yaml);
        await(component.start(services(vertx, dir, false)));
        assertThat(Files.readAllLines(dir.resolve("install-count"))).containsExactly("installed");
        assertThat(Files.readString(dir.resolve(".compose/logs/chat.log"))).contains("install skipped: done before");
        await(component.stop());

        await(component.start(services(vertx, dir, true)));
        assertThat(Files.readAllLines(dir.resolve("install-count"))).containsExactly("installed", "installed");
    }

    @Test
    void aSlowStartIsWaitedForWithAProgressLine() throws Exception {
        int port = freePort();
        component = create(dir, compose(port, startCommand(port, "--delay-ms", "2500"), ""));
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        component.server().progressTo(new ProgressLine(new PrintStream(shown, true, StandardCharsets.UTF_8), true));
        assertThat(component.processInfo().orElseThrow().state()).isEqualTo("stopped");

        await(component.start(services(vertx, dir, false)));

        // ready means ready: the health path answers the moment start completes
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        String progress = shown.toString(StandardCharsets.UTF_8);
        assertThat(progress).contains("\rwaiting for chat on :" + port + " ... 1s")
                .contains("waiting for chat on :" + port + " ... 2s").contains("chat is ready on :" + port + " after");
        assertThat(Files.readString(dir.resolve(".compose/logs/chat.log"))).contains("loading model ... 2000ms");
    }

    @Test
    void aServerThatExitsBeforeItIsReadyFailsTheStartWithItsLog() throws Exception {
        int port = freePort();
        component = create(dir, compose(port, startCommand(port, "--exit", "1"), "restart: always"));

        assertThatThrownBy(() -> await(component.start(services(vertx, dir, false))))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ServerStartException.class)
                .hasMessage("server 'chat' exited with code 1 before it was ready on :" + port + "\n"
                        + "last 2 lines of " + dir.resolve(".compose/logs/chat.log") + ":\n"
                        + "  fake chat server starting on " + port + "\n"
                        + "  error: model weights not found");
        ManagedProcessInfo info = component.processInfo().orElseThrow();
        assertThat(info.state()).isEqualTo("failed");
        assertThat(info.pid()).isNull();
        assertThatThrownBy(() -> chat(vertx, dir, component, "hi")).cause()
                .hasMessage("server 'chat' is not running (it exited with code 1 before it was ready); log: "
                        + dir.resolve(".compose/logs/chat.log"));
    }

    @Test
    void aServerThatCrashesIsRestartedAndCallsMeanwhileFailAtOnce() throws Exception {
        int port = freePort();
        component = create(dir, compose(port, startCommand(port), ""));
        await(component.start(services(vertx, dir, false)));
        long first = component.processInfo().orElseThrow().pid();

        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/crash"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        waitUntil(() -> component.processInfo().orElseThrow().state().equals("restarting"), 10_000);
        assertThat(component.processInfo().orElseThrow().state()).isEqualTo("restarting");

        assertThatThrownBy(() -> chat(vertx, dir, component, "hi")).cause()
                .isInstanceOf(ServerNotRunningException.class)
                .hasMessage("server 'chat' is not running (restarting, attempt 1 of 5; it exited with code 3); log: "
                        + dir.resolve(".compose/logs/chat.log"));

        waitUntil(() -> component.processInfo().orElseThrow().state().equals("running"), 60_000);
        ManagedProcessInfo info = component.processInfo().orElseThrow();
        assertThat(info.state()).isEqualTo("running");
        assertThat(info.restarts()).isEqualTo(1);
        assertThat(info.pid()).isNotEqualTo(first);
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(chat(vertx, dir, component, "again")).isEqualTo("Hello world");
    }

    @Test
    void restartNoLeavesACrashedServerDownWithAClearError() throws Exception {
        int port = freePort();
        component = create(dir, compose(port, startCommand(port), "restart: \"no\""));
        await(component.start(services(vertx, dir, false)));

        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/crash"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        waitUntil(() -> component.processInfo().orElseThrow().state().equals("exited"), 10_000);

        assertThatThrownBy(() -> chat(vertx, dir, component, "hi")).cause()
                .isInstanceOf(ServerNotRunningException.class)
                .hasMessage("server 'chat' is not running (it exited with code 3; restart: no); log: "
                        + dir.resolve(".compose/logs/chat.log"));
    }

    @Test
    void aPortInUseFailsTheStartInsteadOfTalkingToAnotherServer() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            component = create(dir, compose(port, startCommand(port), ""));
            assertThatThrownBy(() -> await(component.start(services(vertx, dir, false)))).cause()
                    .hasMessage("server 'chat' cannot start: port " + port + " on 127.0.0.1 is already in use (stop"
                            + " what listens there, or leave out manage.start to use that server as it is)");
        }
    }

    @Test
    void aServerThatKeepsFailingIsGivenUpAfterFiveRestarts() throws Exception {
        int port = freePort();
        String once = "[sh, -c, 'if [ -f started ]; then echo still broken; exit 2; fi; touch started; exec \"$0\" \"$@\"', "
                + startCommand(port).substring(1);
        component = create(dir, compose(port, once, ""));
        component.server().firstBackoff(java.time.Duration.ofMillis(10));
        await(component.start(services(vertx, dir, false)));

        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/crash"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        waitUntil(() -> component.processInfo().orElseThrow().state().equals("failed"), 20_000);

        ManagedProcessInfo info = component.processInfo().orElseThrow();
        assertThat(info.state()).isEqualTo("failed");
        assertThat(info.restarts()).isEqualTo(5);
        assertThat(info.pid()).isNull();
        assertThatThrownBy(() -> chat(vertx, dir, component, "hi")).cause()
                .isInstanceOf(ServerNotRunningException.class)
                .hasMessage("server 'chat' is not running (gave up after 5 restarts; it exited with code 2 before it"
                        + " was ready); log: " + dir.resolve(".compose/logs/chat.log"));
    }

    @Test
    void aFailingInstallStepFailsTheStartWithItsOutput() throws Exception {
        int port = freePort();
        String yaml = compose(port, startCommand(port), "").replace(
                "install: [[sh, -c, \"echo installed >> install-count\"]]",
                "install: [[sh, -c, \"echo downloading; echo no space left >&2; exit 7\"]]");
        component = create(dir, yaml);

        assertThatThrownBy(() -> await(component.start(services(vertx, dir, false)))).cause()
                .isInstanceOf(ServerStartException.class)
                .hasMessage("install step of server 'chat' failed (exited with code 7): sh -c echo downloading;"
                        + " echo no space left >&2; exit 7\nlast 2 lines of " + dir.resolve(".compose/logs/chat.log")
                        + ":\n  downloading\n  no space left");
        assertThat(dir.resolve(".compose/state/chat.json")).doesNotExist();
        assertThat(component.processInfo().orElseThrow().state()).isEqualTo("failed");
    }

    @Test
    void secretsOfTheEnvironmentAreWrittenAsStarsInTheLogAndTheError() throws Exception {
        int port = freePort();
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("MY_API_TOKEN", "tok-s3cr3t-42");
        String yaml = compose(port, startCommand(port), "").replace(
                "install: [[sh, -c, \"echo installed >> install-count\"]]",
                "install: [[sh, -c, \"echo token $0; exit 7\", \"${env.MY_API_TOKEN}\"]]");
        component = (HttpServerComponent) ComposeFixture.load(dir, yaml, env).create("chat");

        assertThatThrownBy(() -> await(component.start(services(vertx, dir, false, env)))).cause()
                .hasMessage("install step of server 'chat' failed (exited with code 7): sh -c echo token $0; exit 7 ***"
                        + "\nlast 1 lines of " + dir.resolve(".compose/logs/chat.log") + ":\n  token ***");
        String log = Files.readString(dir.resolve(".compose/logs/chat.log"));
        assertThat(log).contains("install: sh -c echo token $0; exit 7 ***").contains("\ntoken ***\n")
                .doesNotContain("tok-s3cr3t-42");
    }

    @Test
    void aMissingWorkingDirIsNamed() throws Exception {
        int port = freePort();
        component = create(dir, compose(port, startCommand(port), "").replace("env: {MODEL: tiny}",
                "env: {MODEL: tiny}\n      working_dir: ./server"));
        assertThatThrownBy(() -> await(component.start(services(vertx, dir, false)))).cause()
                .hasMessage("server 'chat' cannot start: its working_dir " + dir.resolve("server") + " is not a folder");
    }
}
