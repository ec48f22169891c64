package dev.modelcompose.engine.binding;

import java.util.Set;

/** The names of binding sources, and which of them each place in a compose file may read. */
public final class Sources {
    public static final String INPUT = "input";
    public static final String JOBS = "jobs";
    public static final String CONTEXT = "context";
    public static final String ENV = "env";
    public static final String OUTPUT = "output";
    public static final String RESULT = "result";
    public static final String RESPONSE = "response";
    public static final String ITEM = "item";
    public static final String INDEX = "index";
    public static final String ERROR = "error";
    public static final String JOB = "job";

    /** The per-chunk form of a source: {@code result[]} is the current chunk of a streamed {@code result}. */
    public static String chunkOf(String source) {
        return source + "[]";
    }

    /** Sources available to every job template (input, jobs, context, env). */
    public static final Set<String> WORKFLOW = Set.of(INPUT, JOBS, CONTEXT, ENV);

    private Sources() {
    }
}
