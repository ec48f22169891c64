package dev.modelcompose.components.shell;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.model.Durations;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One command ready to run: argv, folder, environment changes (null values unset a variable) and timeout.
 *
 * @param timeout null for none
 */
record ShellCommand(List<String> argv, Path workingDir, Map<String, String> env, Duration timeout) {

    /** Starts the process (blocking: call on a worker thread) with stdin closed. */
    Process start(ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr) {
        if (!Files.isDirectory(workingDir)) {
            throw new ComponentCallException("cannot run '" + argv.get(0) + "': working directory '" + workingDir
                    + "' does not exist");
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDir.toFile())
                .redirectOutput(stdout).redirectError(stderr)
                .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())));
        Map<String, String> environment = builder.environment();
        env.forEach((name, value) -> {
            if (value == null) {
                environment.remove(name);
            } else {
                environment.put(name, value);
            }
        });
        try {
            return builder.start();
        } catch (IOException e) {
            throw new ComponentCallException("cannot run '" + argv.get(0) + "': " + reason(e), e);
        }
    }

    /** The message for a timeout: {@code command timed out after 2s: sleep 5}. */
    String timeoutMessage() {
        return "command timed out after " + Durations.format(timeout) + ": " + String.join(" ", argv);
    }

    /** "No such file or directory" out of Java's "Cannot run program ... error=2, No such file or directory". */
    private static String reason(IOException e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        int comma = message.indexOf("error=");
        if (comma >= 0 && message.indexOf(", ", comma) > 0) {
            return message.substring(message.indexOf(", ", comma) + 2);
        }
        return message;
    }

    private static String nullDevice() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
    }
}
