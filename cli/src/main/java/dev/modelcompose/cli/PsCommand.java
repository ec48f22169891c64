package dev.modelcompose.cli;

import dev.modelcompose.engine.controller.ControllerSettings;
import dev.modelcompose.engine.spi.ComponentTypes;
import dev.modelcompose.engine.value.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code compose ps}: asks the running {@code compose up} ({@code GET {base}/_compose/ps}, found through
 * {@code .compose/compose.json}) for its components (state, port, pid, uptime) and workflows.
 */
@Command(name = "ps", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "Show the components of the running compose up: state, port, pid, uptime; and its workflows.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:running, shown", "1:not running"})
public final class PsCommand implements Callable<Integer> {

    @ParentCommand
    ComposeMain parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ComposeFileOptions fileOptions;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliEnvironment environment = parent.environment();
        ComposeStateDir state = ComposeStateDir.of(parent.fileOptions(), fileOptions, environment);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Map<String, Object>> info = state.state();
        if (state.running().isEmpty() || info.isEmpty()) {
            err.println("compose: not running (start it with compose up -d)");
            err.flush();
            return 1;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        String url = info.get().get("api") + "/_compose/ps";
        HttpResponse<String> response = get(client, url, null);
        if (response != null && response.statusCode() == 401) {
            ControllerSettings settings = ControllerSettings.read(
                    fileOptions.load(parent.fileOptions(), environment, ComponentTypes.discover()).controller());
            response = get(client, url, settings.apiKey());
        }
        if (response == null || response.statusCode() != 200) {
            err.println("compose: the running instance did not answer " + url
                    + (response == null ? "" : " (HTTP " + response.statusCode() + ")"));
            err.flush();
            return 1;
        }
        if (json) {
            out.println(response.body());
            out.flush();
            return 0;
        }
        print(Json.parse(response.body()), out);
        out.flush();
        return 0;
    }

    private static HttpResponse<String> get(HttpClient client, String url, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(Object parsed, PrintWriter out) {
        Map<String, Object> body = (Map<String, Object>) parsed;
        out.println("compose: pid " + body.get("pid") + ", up " + uptime(body.get("uptime_s")) + ", " + body.get("api")
                + (body.get("webui") == null ? "" : ", web page " + body.get("webui"))
                + ("ok".equals(body.get("status")) ? "" : " (" + body.get("status") + ")"));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"COMPONENT", "TYPE", "STATE", "PORT", "PID", "UPTIME"});
        for (Object item : (List<Object>) body.getOrDefault("components", List.of())) {
            Map<String, Object> c = (Map<String, Object>) item;
            rows.add(new String[] {text(c.get("id")), text(c.get("type")), text(c.get("state")), text(c.get("port")),
                    text(c.get("pid")), c.get("uptime_s") == null ? "-" : uptime(c.get("uptime_s"))});
        }
        int[] widths = new int[6];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("WORKFLOWS: " + String.join(", ", (List<String>) body.getOrDefault("workflows", List.of())));
    }

    private static String text(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }

    private static String uptime(Object seconds) {
        if (!(seconds instanceof Number n)) {
            return "-";
        }
        long s = n.longValue();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + ((s % 3600) / 60) + "m";
    }
}
