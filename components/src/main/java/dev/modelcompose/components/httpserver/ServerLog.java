package dev.modelcompose.components.httpserver;

import dev.modelcompose.engine.controller.SecretRedactor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The log of one managed server, {@code .compose/logs/<component>.log}: every line its install, build and start
 * commands print, appended, with a marker line per command. Lines are echoed to the console with a
 * {@code [component] } prefix when asked; the last {@link #TAIL_LINES} lines of the current command are kept for
 * error messages. Values of secret-named environment variables ({@code *KEY*}, {@code *TOKEN*}, ...) are written as
 * {@code ***}, in the file, on the console and in the tail.
 */
final class ServerLog {
    static final int TAIL_LINES = 20;

    private final Path file;
    private final String prefix;
    private final PrintStream echo;
    private final SecretRedactor redactor;
    private final Deque<String> tail = new ArrayDeque<>();
    private Writer out;

    ServerLog(Path file, String componentId, PrintStream echo, SecretRedactor redactor) {
        this.file = file;
        this.redactor = redactor;
        this.prefix = "[" + componentId + "] ";
        this.echo = echo;
    }

    Path file() {
        return file;
    }

    /** Writes a marker line for a new command and forgets the previous command's tail. */
    synchronized void begin(String what) {
        tail.clear();
        write("--- " + Instant.now() + " " + redact(what) + " ---", false);
    }

    /** Copies {@code output} line by line until it ends (blocking: call from a thread of its own). */
    void pump(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                line(line);
            }
        } catch (IOException e) {
            // the process went away with its pipe
        }
    }

    synchronized void line(String output) {
        String line = redact(output);
        tail.addLast(line);
        while (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        write(line, true);
    }

    /** A line of compose's own ({@code [compose] ready on :8000}) for the log file; echoed only when {@code loud}. */
    synchronized void note(String text, boolean loud) {
        write("[compose] " + redact(text), loud);
    }

    /** {@code text} with the secrets it contains written as {@code ***}. */
    String redact(String text) {
        return redactor.redact(text);
    }

    /** The last lines of the current command, oldest first. */
    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /** The tail as an indented block for an error message, with where the whole log is. */
    String tailText() {
        List<String> lines = tail();
        StringBuilder text = new StringBuilder();
        text.append(lines.isEmpty() ? "it printed nothing; log: " + file
                : "last " + lines.size() + " lines of " + file + ":");
        for (String line : lines) {
            text.append("\n  ").append(line);
        }
        return text.toString();
    }

    /** Closes the file; a later line opens it again. */
    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing to do
            }
            out = null;
        }
    }

    private void write(String line, boolean echoed) {
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // a log that cannot be written must not stop the server
        }
        if (echoed && echo != null) {
            echo.println(prefix + line);
        }
    }
}
