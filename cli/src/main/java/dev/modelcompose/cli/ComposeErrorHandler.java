package dev.modelcompose.cli;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.Problem;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Turns what a command throws into stderr lines and an exit code: a {@link ComposeException} prints one problem per
 * line and exits 2; a {@link BadArgumentException} prints {@code error: ...} and exits 2. Anything else is a defect
 * of this program: it prints the stack trace and exits 70.
 */
final class ComposeErrorHandler implements IExecutionExceptionHandler {
    static final int EXIT_INTERNAL_ERROR = 70;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (ex instanceof ComposeException compose) {
            for (Problem problem : compose.problems()) {
                err.println(problem.format());
            }
            err.flush();
            return ComposeMain.EXIT_INVALID;
        }
        if (ex instanceof BadArgumentException bad) {
            err.println("error: " + bad.getMessage());
            err.flush();
            return ComposeMain.EXIT_INVALID;
        }
        err.println("error: internal error (please report it): " + ex);
        ex.printStackTrace(err);
        err.flush();
        return EXIT_INTERNAL_ERROR;
    }
}
