package dev.modelcompose.engine.model;

import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.SourceMark;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A workflow: jobs (in the order written) and the optional {@code output} template.
 *
 * @param output  null when absent: the output of the terminal jobs is used
 * @param timeout null when absent
 */
public record WorkflowSpec(String id, String title, String description, boolean isDefault, boolean isPrivate,
                           List<JobSpec> jobs, Template output, Duration timeout, SourceMark mark, String path) {
    public static final String DEFAULT_ID = "__workflow__";

    public Optional<JobSpec> job(String id) {
        return jobs.stream().filter(j -> j.id().equals(id)).findFirst();
    }
}
