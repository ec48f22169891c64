package dev.modelcompose.engine.load;

import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.model.WorkflowSpec;
import dev.modelcompose.engine.spi.ComponentTypes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a schema-checked document to the immutable model ({@link ComposeFile}): compiles every template once and
 * checks what the schema cannot: duplicate and reserved ids, references to components, actions and jobs (in
 * {@code depends_on}, in {@code ${jobs.X...}} and in routing targets), component types, durations.
 *
 * <p>It neither creates components (the runtime's compile step calls {@code ComponentType.create}) nor looks for
 * cycles (the runtime's job graph does).
 */
public final class ComposeBinder {
    private final KnownComponents parts = new KnownComponents();
    private final FieldReader reader = new FieldReader();
    private final ComponentTypes types;

    private ComposeBinder(ComponentTypes types) {
        this.types = types;
    }

    /** @throws ComposeException with every problem found, sorted by position */
    public static ComposeFile bind(ReadDocument document, ComponentTypes types) {
        return new ComposeBinder(types).run(document);
    }

    private ComposeFile run(ReadDocument document) {
        ConfigMap root = document.root();
        bindComponents(root);
        Map<String, WorkflowSpec> workflows = bindWorkflows(root);
        if (!reader.problems().isEmpty()) {
            throw new ComposeException(ProblemOrder.sortedUnique(reader.problems(), root));
        }
        ConfigNode controllerNode = root.get("controller");
        ConfigMap controller = controllerNode instanceof ConfigMap map ? map
                : new ConfigMap(Map.of(), Map.of(), root.mark(), "controller");
        return new ComposeFile(List.copyOf(document.files()), document.baseDir(), controller,
                Collections.unmodifiableMap(new LinkedHashMap<>(parts.components)),
                Collections.unmodifiableMap(workflows), root, document.environment());
    }

    private void bindComponents(ConfigMap root) {
        List<ConfigNode> nodes = listOrSingle(root, "components", "component");
        for (ConfigNode node : nodes) {
            if (!(node instanceof ConfigMap map)) {
                continue;
            }
            String id = requiredId(map, nodes.size() == 1 ? ComponentSpec.DEFAULT_ID : null, "component",
                    "components");
            if (id == null) {
                continue;
            }
            ComponentSpec spec = component(map, id);
            if (parts.components.containsKey(id)) {
                duplicate(map.get("id") != null ? map.get("id") : map, "component", id, parts.components.get(id).mark());
            } else {
                parts.components.put(id, spec);
                parts.declared.put(id, spec);
            }
        }
    }

    /** A component from its mapping (declared, or inline in a job). */
    ComponentSpec component(ConfigMap map, String id) {
        String type = reader.string(map, "type", null);
        if (type == null) {
            reader.problem(map, "missing key 'type'", "known types: " + String.join(", ", types.names()));
        } else if (types.get(type).isEmpty()) {
            reader.unknown(map.get("type"), "component type", type, types.names(), "registered types");
        }
        boolean isDefault = reader.bool(map, "default", false);
        int maxConcurrent = reader.integer(map, "max_concurrent_count", 0, 0);
        List<ActionSpec> actions = new ArrayList<>();
        ConfigNode actionsNode = map.has("actions") ? map.get("actions") : map.get("action");
        if (actionsNode == null) {
            actions.add(new ActionSpec(ActionSpec.DEFAULT_ID, false, map));
        } else {
            List<ConfigNode> items = FieldReader.items(actionsNode);
            Map<String, ConfigNode> seen = new LinkedHashMap<>();
            for (ConfigNode item : items) {
                if (!(item instanceof ConfigMap action)) {
                    continue;
                }
                String actionId = requiredId(action, items.size() == 1 ? ActionSpec.DEFAULT_ID : null, "action",
                        "actions");
                if (actionId == null) {
                    continue;
                }
                if (seen.containsKey(actionId)) {
                    duplicate(action.get("id") != null ? action.get("id") : action, "action", actionId,
                            seen.get(actionId).mark());
                    continue;
                }
                seen.put(actionId, action);
                actions.add(new ActionSpec(actionId, reader.bool(action, "default", false), action));
            }
        }
        return new ComponentSpec(id, type, isDefault, maxConcurrent, List.copyOf(actions), map);
    }

    private Map<String, WorkflowSpec> bindWorkflows(ConfigMap root) {
        Map<String, WorkflowSpec> workflows = new LinkedHashMap<>();
        List<ConfigNode> nodes = listOrSingle(root, "workflows", "workflow");
        for (ConfigNode node : nodes) {
            if (!(node instanceof ConfigMap map)) {
                continue;
            }
            String id = requiredId(map, nodes.size() == 1 ? WorkflowSpec.DEFAULT_ID : null, "workflow", "workflows");
            if (id == null) {
                continue;
            }
            WorkflowSpec spec = workflow(map, id);
            if (workflows.containsKey(id)) {
                duplicate(map.get("id") != null ? map.get("id") : map, "workflow", id, workflows.get(id).mark());
            } else {
                workflows.put(id, spec);
            }
        }
        return workflows;
    }

    private WorkflowSpec workflow(ConfigMap map, String id) {
        List<ConfigNode> jobNodes = listOrSingle(map, "jobs", "job");
        Map<String, ConfigMap> jobMaps = new LinkedHashMap<>();
        for (ConfigNode node : jobNodes) {
            if (!(node instanceof ConfigMap job)) {
                continue;
            }
            String jobId = requiredId(job, jobNodes.size() == 1 ? JobSpec.DEFAULT_ID : null, "job", "jobs");
            if (jobId == null) {
                continue;
            }
            if (jobMaps.containsKey(jobId)) {
                duplicate(job.get("id") != null ? job.get("id") : job, "job", jobId, jobMaps.get(jobId).mark());
            } else {
                jobMaps.put(jobId, job);
            }
        }
        JobBinder jobBinder = new JobBinder(this, reader, parts, id, List.copyOf(jobMaps.keySet()));
        List<JobSpec> jobs = new ArrayList<>();
        jobMaps.forEach((jobId, job) -> {
            JobSpec spec = jobBinder.bind(jobId, job);
            if (spec != null) {
                jobs.add(spec);
            }
        });
        Template output = reader.template(map.get("output"), Sources.WORKFLOW);
        jobBinder.checkJobReferences(map.get("output"), output == null ? Set.of() : output.referencedJobs());
        return new WorkflowSpec(id, reader.string(map, "title", null), reader.string(map, "description", null),
                reader.bool(map, "default", false), reader.bool(map, "private", false), List.copyOf(jobs), output,
                reader.duration(map, "timeout"), map.mark(), map.path());
    }

    /** The id of an item of a list, the default id when it may be left out, else a problem and null. */
    private String requiredId(ConfigMap map, String fallback, String what, String plural) {
        String id = reader.id(map, fallback, what);
        if (id == null) {
            reader.problem(map, "missing key 'id'", "each of several " + plural + " needs an id");
        }
        return id;
    }

    void duplicate(ConfigNode node, String what, String id, SourceMark first) {
        reader.problem(node, "duplicate " + what + " id '" + id + "'", "first declared at " + first);
    }

    private static List<ConfigNode> listOrSingle(ConfigMap map, String plural, String singular) {
        if (map.has(plural)) {
            return FieldReader.items(map.get(plural));
        }
        return FieldReader.items(map.get(singular));
    }

    /** The components known so far: declared ones, then inline ones as jobs are bound. */
    static final class KnownComponents {
        final Map<String, ComponentSpec> components = new LinkedHashMap<>();
        final Map<String, ComponentSpec> declared = new LinkedHashMap<>();
    }
}
