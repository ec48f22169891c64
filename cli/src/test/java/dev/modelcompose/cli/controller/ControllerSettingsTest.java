package dev.modelcompose.cli.controller;

import dev.modelcompose.engine.controller.ControllerSettings;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.spi.ComponentTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The controller section in its two forms, its defaults and its checks. */
class ControllerSettingsTest {
    private static final String WORKFLOW = """
            component: { type: shell, action: { command: [echo, hi] } }
            workflow: { job: { component: __default__ } }
            """;

    @TempDir
    Path dir;

    private ControllerSettings read(String controller) throws Exception {
        Path file = dir.resolve("compose.yml");
        Files.writeString(file, controller + WORKFLOW);
        return ControllerSettings.read(new ComposeLoader(ComponentTypes.discover())
                .load(LoadOptions.of(file, Map.of())).controller());
    }

    @Test
    void defaultsWithoutAController() throws Exception {
        assertThat(read("")).isEqualTo(new ControllerSettings("127.0.0.1", 8080, "/api", null, List.of(),
                10L * 1024 * 1024, 0, Duration.ofSeconds(30), Duration.ofHours(1), 10_000,
                ControllerSettings.WEBUI_SAME_PORT));
    }

    @Test
    void adapterForm() throws Exception {
        ControllerSettings settings = read("""
                controller:
                  adapter: { type: http-server, host: 0.0.0.0, port: 9000, base_path: v1/, api_key: k,
                             origins: [ "http://a", "http://b" ], max_body_size: 512K }
                  webui: { port: 9001 }
                  max_concurrent_count: 3
                  shutdown_timeout: 5s
                  task_retention: 10m
                  max_task_count: 50
                """);
        assertThat(settings).isEqualTo(new ControllerSettings("0.0.0.0", 9000, "/v1", "k", List.of("http://a", "http://b"),
                512L * 1024, 3, Duration.ofSeconds(5), Duration.ofMinutes(10), 50, 9001));
    }

    @Test
    void flatFormAndTheSamePortForThePage() throws Exception {
        ControllerSettings settings = read("""
                controller: { type: http-server, port: 7000, base_path: /, origins: "*", webui: { port: same } }
                """);
        assertThat(settings.port()).isEqualTo(7000);
        assertThat(settings.basePath()).isEmpty();
        assertThat(settings.origins()).containsExactly("*");
        assertThat(settings.webUiPort()).isEqualTo(ControllerSettings.WEBUI_SAME_PORT);
    }

    @Test
    void aBadSizeNamesItsPlace() {
        assertThatThrownBy(() -> read("controller: { adapter: { max_body_size: lots } }\n"))
                .isInstanceOf(ComposeException.class)
                .hasMessageEndingWith("compose.yml:1:41: controller.adapter.max_body_size: expected a size such as 10M, "
                        + "512K or a number of bytes, got 'lots'");
    }
}
