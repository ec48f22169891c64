package dev.modelcompose.engine.model;

import dev.modelcompose.engine.load.ConfigMap;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated compose file (or several merged): the immutable model every later step reads.
 *
 * @param files      the files read, as the user named them, in merge order (includes after)
 * @param baseDir    the folder of the first file: relative paths in components resolve against it
 * @param controller the {@code controller:} mapping as written (read by {@code compose up}); empty when absent
 * @param components by id, in the order declared (includes after the including file's own)
 * @param workflows  by id, in the order declared
 * @param document   the merged, interpolated and normalised document ({@code compose config} prints it)
 * @param environment the variables the file was interpolated with (env files &lt; process &lt; {@code -e}): what
 *                   {@code ${env.X}} reads at run time
 */
public record ComposeFile(List<String> files, Path baseDir, ConfigMap controller,
                          Map<String, ComponentSpec> components, Map<String, WorkflowSpec> workflows,
                          ConfigMap document, Map<String, String> environment) {

    public ComposeFile {
        environment = Map.copyOf(environment);
    }

    public Optional<ComponentSpec> component(String id) {
        if (id == null || id.equals(JobSpec.DEFAULT_REFERENCE)) {
            return pickDefault(components, ComponentSpec::isDefault);
        }
        return Optional.ofNullable(components.get(id));
    }

    /** The workflow named {@code id}; null or {@code __default__} picks the only one, else the {@code default: true} one. */
    public Optional<WorkflowSpec> workflow(String id) {
        if (id == null || id.equals(JobSpec.DEFAULT_REFERENCE)) {
            return pickDefault(workflows, WorkflowSpec::isDefault);
        }
        return Optional.ofNullable(workflows.get(id));
    }

    private static <T> Optional<T> pickDefault(Map<String, T> all, java.util.function.Predicate<T> isDefault) {
        if (all.size() == 1) {
            return Optional.of(all.values().iterator().next());
        }
        return all.values().stream().filter(isDefault).findFirst();
    }
}
