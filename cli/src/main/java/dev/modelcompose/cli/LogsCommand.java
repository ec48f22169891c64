package dev.modelcompose.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code compose [-f FILE] logs [-f] [COMPONENT]}: prints {@code .compose/logs/<component>.log} (every log, each line prefixed
 * with its name, when no component is named; {@code compose} is the log of {@code up -d} itself); {@code -f} keeps
 * printing what is appended until Ctrl-C.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "Print the logs of managed servers (and of compose up -d) from .compose/logs/.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:no such log"})
public final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    ComposeMain parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    boolean follow;

    @Parameters(index = "0", arity = "0..1", paramLabel = "COMPONENT",
            description = "The component whose log to print. Default: all, prefixed with their names.")
    String component;

    @Override
    public Integer call() throws Exception {
        // -f here means --follow: the compose file goes before the command (compose -f FILE logs -f)
        ComposeStateDir state = ComposeStateDir.of(null, parent.fileOptions(), parent.environment());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Path> logs = new LinkedHashMap<>();
        if (component != null) {
            Path log = state.logs().resolve(component + ".log");
            if (!Files.isRegularFile(log)) {
                err.println("error: no log for '" + component + "' (" + log + ")" + known(state));
                err.flush();
                return 1;
            }
            logs.put(component, log);
        } else if (Files.isDirectory(state.logs())) {
            try (Stream<Path> files = Files.list(state.logs())) {
                files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().forEach(p -> {
                    String name = p.getFileName().toString();
                    logs.put(name.substring(0, name.length() - 4), p);
                });
            }
        }
        if (logs.isEmpty()) {
            err.println("compose: no logs in " + state.logs());
            err.flush();
            return follow ? 0 : 1;
        }
        boolean prefix = component == null;
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            offsets.put(log.getKey(), print(log.getKey(), log.getValue(), 0, prefix, out));
        }
        out.flush();
        while (follow && !out.checkError()) {
            Thread.sleep(200);
            for (Map.Entry<String, Path> log : logs.entrySet()) {
                offsets.put(log.getKey(), print(log.getKey(), log.getValue(), offsets.get(log.getKey()), prefix, out));
            }
            out.flush();
        }
        return 0;
    }

    /** Prints the whole lines of {@code file} after {@code from}; answers where it stopped. */
    private static long print(String name, Path file, long from, boolean prefix, PrintWriter out) throws IOException {
        if (!Files.isRegularFile(file)) {
            return from;
        }
        try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
            long length = reader.length();
            long start = length < from ? 0 : from;
            if (length == start) {
                return start;
            }
            byte[] bytes = new byte[(int) Math.min(length - start, 16L * 1024 * 1024)];
            reader.seek(start);
            reader.readFully(bytes);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end == 0) {
                return start;
            }
            String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length - 1; i++) {
                out.println(prefix ? name + " | " + lines[i] : lines[i]);
            }
            return start + end;
        }
    }

    private static String known(ComposeStateDir state) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(state.logs())) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 4)));
        } catch (IOException e) {
            return "";
        }
        return names.isEmpty() ? "" : "; logs: " + String.join(", ", names.stream().sorted().toList());
    }
}
