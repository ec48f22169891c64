package dev.modelcompose.engine.model;

import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.SourceMark;

import java.time.Duration;
import java.util.List;

/**
 * A job of a workflow: the fields every job type has, and its {@link JobBody}.
 *
 * @param dependsOn   AND of OR-groups: {@code [a, [b, c]]} is {@code [[a], [b, c]]}, meaning a and (b or c)
 * @param retry       null when absent
 * @param timeout     null when absent; the job fails with "job 'x' timed out after 2s"
 * @param onError     null when absent
 * @param maxRunCount times this job may be scheduled in one run (routing loops); default 25
 * @param output      the job's {@code output} template over {@code ${output}}; null means pass-through
 * @param path        the path in the document, e.g. {@code workflows[0].jobs[2]}
 */
public record JobSpec(String id, List<List<String>> dependsOn, RetrySpec retry, Duration timeout,
                      OnErrorSpec onError, int maxRunCount, Template output, JobBody body,
                      SourceMark mark, String path) {
    public static final String DEFAULT_ID = "__job__";
    /** The reference value that means "the default one" for components, actions and workflows. */
    public static final String DEFAULT_REFERENCE = "__default__";
    public static final int DEFAULT_MAX_RUN_COUNT = 25;
}
