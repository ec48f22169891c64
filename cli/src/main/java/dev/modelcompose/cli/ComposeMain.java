package dev.modelcompose.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code compose} command: {@code run}, {@code validate}, {@code config}. Exit codes: 0 success, 1 the workflow
 * failed, 2 an invalid file or argument, 130 interrupted.
 */
@Command(name = "compose", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "Runs declarative YAML workflows of model components.",
        subcommands = {WorkflowRunCommand.class, ComposeValidateCommand.class, ComposeConfigCommand.class,
                UpCommand.class, DownCommand.class, PsCommand.class, LogsCommand.class, ModelsCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the workflow failed", "2:invalid compose file or arguments",
                "130:interrupted (Ctrl-C)"})
public final class ComposeMain implements Runnable {
    /** The workflow failed. */
    public static final int EXIT_WORKFLOW_FAILED = 1;
    /** An invalid compose file or command line. */
    public static final int EXIT_INVALID = 2;
    /** Interrupted by SIGINT. */
    public static final int EXIT_INTERRUPTED = 130;
    /** stdout was closed while a stream was printed (as a process killed by SIGPIPE). */
    public static final int EXIT_BROKEN_PIPE = 141;

    /** Vert.x and Netty log through java.util.logging; their internal messages are noise on a CLI's stderr. */
    private static final List<Logger> QUIET_LOGGERS = List.of(
            Logger.getLogger("io.vertx"), Logger.getLogger("io.netty"));

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    /** {@code -f}, {@code --env-file}, {@code -e} may also come before the command, docker-compose style. */
    @Mixin
    ComposeFileOptions fileOptions;

    public ComposeMain(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    ComposeFileOptions fileOptions() {
        return fileOptions;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, up, down, ps, logs, models, validate or config");
    }

    /** A command line for {@code environment}, with the exit-code rules of this CLI. */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new ComposeMain(environment));
        commandLine.setExecutionExceptionHandler(new ComposeErrorHandler());
        commandLine.setParameterExceptionHandler(new ComposeUsageErrorHandler());
        commandLine.setUsageHelpAutoWidth(false);
        // --input @file.json is ours to read: no picocli argument files
        commandLine.setExpandAtFiles(false);
        return commandLine;
    }

    public static void main(String[] args) {
        QUIET_LOGGERS.forEach(logger -> logger.setLevel(Level.OFF));
        PrintWriter out = utf8(FileDescriptor.out);
        PrintWriter err = utf8(FileDescriptor.err);
        int code = commandLine(CliEnvironment.current()).setOut(out).setErr(err).execute(args);
        out.flush();
        err.flush();
        // always exit: native libraries and pools may leave non-daemon threads behind
        System.exit(code);
    }

    private static PrintWriter utf8(FileDescriptor fd) {
        return new PrintWriter(new BufferedWriter(
                new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8)), false);
    }
}
