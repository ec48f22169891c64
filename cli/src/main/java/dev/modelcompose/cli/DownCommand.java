package dev.modelcompose.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code compose down}: stops the {@code compose up} recorded in {@code .compose/compose.pid} with SIGTERM (it drains
 * running tasks and stops its servers), then SIGKILL after {@code --timeout}.
 */
@Command(name = "down", aliases = "stop", mixinStandardHelpOptions = true,
        versionProvider = ComposeVersionProvider.class,
        description = "Stop a running compose up (its tasks drain, its managed servers stop).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped, or nothing was running", "1:it had to be killed"})
public final class DownCommand implements Callable<Integer> {

    @ParentCommand
    ComposeMain parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ComposeFileOptions fileOptions;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "60",
            description = "Wait this long after SIGTERM, then SIGKILL. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() {
        ComposeStateDir state = ComposeStateDir.of(parent.fileOptions(), fileOptions, parent.environment());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ProcessHandle> running = state.running();
        if (running.isEmpty()) {
            out.println("compose: not running (no live process in " + state.pidFile() + ")");
            out.flush();
            return 0;
        }
        ProcessHandle process = running.get();
        long pid = process.pid();
        out.println("compose: stopping pid " + pid + " ...");
        out.flush();
        process.destroy();
        boolean stopped = waitFor(process, timeoutSeconds);
        int code = 0;
        if (!stopped) {
            err.println("compose: pid " + pid + " did not stop within " + timeoutSeconds + "s: killing it");
            err.flush();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(process, 10);
            code = 1;
        }
        state.clear(pid);
        out.println("compose: stopped");
        out.flush();
        return code;
    }

    private static boolean waitFor(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }
}
