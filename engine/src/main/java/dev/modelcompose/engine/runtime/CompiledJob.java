package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.model.Durations;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.JobSpec;

/** A job with everything a run needs precomputed: its body, its output template, its policies and messages. */
final class CompiledJob {
    final JobSpec spec;
    final int index;
    final String id;
    final JobExecutor executor;
    /** The job's output template; null for pass-through. */
    final Template output;
    final long timeoutMillis;
    final String timeoutMessage;
    /** {@code on_error.to} as a route, or null. */
    final Route onErrorRoute;
    final String failurePrefix;
    final String maxRunCountMessage;

    CompiledJob(JobSpec spec, int index, JobExecutor executor, Route onErrorRoute) {
        this.spec = spec;
        this.index = index;
        this.id = spec.id();
        this.executor = executor;
        Template template = spec.output();
        this.output = template == null || template.isPassThrough(Sources.OUTPUT) ? null : template;
        this.timeoutMillis = spec.timeout() == null ? 0 : Math.max(1, spec.timeout().toMillis());
        this.timeoutMessage = spec.timeout() == null ? null
                : "job '" + id + "' timed out after " + Durations.format(spec.timeout());
        this.onErrorRoute = onErrorRoute;
        this.failurePrefix = "job '" + id + "' failed: ";
        this.maxRunCountMessage = "job '" + id + "' has reached its max_run_count (" + spec.maxRunCount() + ")";
    }

    /** A failure as the job reports it ("job 'x' failed: ..."); a timeout already names the job. */
    String describeFailure(Throwable cause) {
        if (cause instanceof JobTimeoutException) {
            return cause.getMessage();
        }
        return failurePrefix + messageOf(cause);
    }

    /**
     * The message a user sees for {@code cause}. A JDK programming error (its message names Java classes) or an
     * exception without a message is reported as an internal error, never by its class name or stack trace.
     */
    static String messageOf(Throwable cause) {
        String message = cause.getMessage();
        if (message == null || message.isBlank() || cause instanceof NullPointerException
                || cause instanceof ClassCastException) {
            return "an unexpected internal error";
        }
        return message;
    }
}
