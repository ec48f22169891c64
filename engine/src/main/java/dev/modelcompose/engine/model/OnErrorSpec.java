package dev.modelcompose.engine.model;

import dev.modelcompose.engine.binding.Template;

/**
 * {@code on_error:} of a job, applied after retries are exhausted. {@code ignore} is {@code {}}: the job's output
 * becomes null and the workflow goes on.
 *
 * @param output rendered with {@code ${error.message}} as the job's output; null when absent
 * @param to     the job to route to instead; null when absent (takes precedence over output)
 */
public record OnErrorSpec(Template output, String to) {
}
