package dev.modelcompose.engine.load;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A compose file (or a command line) the engine refuses: one or more {@link Problem}s, each with its place.
 * The CLI prints {@link #getMessage()} and exits 2; it never prints a stack trace for this exception.
 */
public class ComposeException extends RuntimeException {
    private final List<Problem> problems;

    public ComposeException(List<Problem> problems) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ComposeException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ComposeException(Problem problem) {
        this(List.of(problem));
    }

    public static ComposeException at(ConfigNode node, String message) {
        return new ComposeException(Problem.at(node, message));
    }

    public static ComposeException at(ConfigNode node, String message, String hint) {
        return new ComposeException(Problem.at(node, message, hint));
    }

    public List<Problem> problems() {
        return problems;
    }
}
