package dev.modelcompose.engine.load;

import dev.modelcompose.engine.binding.Condition;
import dev.modelcompose.engine.binding.Operator;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.model.OnErrorSpec;
import dev.modelcompose.engine.model.RetrySpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds the jobs of one workflow: every field, template and reference of a job. */
final class JobBinder {
    static final Set<String> OUTPUT_SOURCES = plus(Sources.WORKFLOW, Sources.OUTPUT);
    static final Set<String> ERROR_SOURCES = plus(Sources.WORKFLOW, Sources.ERROR);
    static final Set<String> ITEM_SOURCES = plus(Sources.WORKFLOW, Sources.ITEM, Sources.INDEX);
    static final Set<String> ITEM_OUTPUT_SOURCES = plus(ITEM_SOURCES, Sources.OUTPUT);
    private static final Set<String> ROUTERS = Set.of("if", "switch", "random-router");

    private final ComposeBinder binder;
    private final FieldReader reader;
    private final ComposeBinder.KnownComponents parts;
    private final String workflowId;
    private final List<String> jobIds;

    JobBinder(ComposeBinder binder, FieldReader reader, ComposeBinder.KnownComponents parts, String workflowId,
              List<String> jobIds) {
        this.binder = binder;
        this.reader = reader;
        this.parts = parts;
        this.workflowId = workflowId;
        this.jobIds = jobIds;
    }

    JobSpec bind(String id, ConfigMap job) {
        String type = reader.string(job, "type", "component");
        if (!ComposeFields.JOB_TYPE.containsKey(type)) {
            reader.unknown(job.get("type"), "job type", type, ComposeFields.JOB_TYPE.keySet(), "job types");
            return null;
        }
        JobBody body = switch (type) {
            case "component" -> componentCall(id, job);
            case "if" -> ifBody(job);
            case "switch" -> switchBody(job);
            case "random-router" -> randomRouter(job);
            case "filter" -> filter(job);
            case "for-each" -> forEach(id, job);
            default -> delay(job);
        };
        Template output = ROUTERS.contains(type) ? null : template(job.get("output"), OUTPUT_SOURCES);
        return new JobSpec(id, dependsOn(id, job.get("depends_on")), retry(job.get("retry")),
                reader.duration(job, "timeout"), onError(job.get("on_error")),
                reader.integer(job, "max_run_count", JobSpec.DEFAULT_MAX_RUN_COUNT, 1), output, body, job.mark(),
                job.path());
    }

    /** Reports every {@code ${jobs.X...}} whose X is not a job of this workflow. */
    void checkJobReferences(ConfigNode node, Set<String> referenced) {
        for (String job : referenced) {
            if (!jobIds.contains(job)) {
                String hint = DidYouMean.hint(job, jobIds);
                if (hint == null) {
                    hint = jobIds.isEmpty() ? "workflow '" + workflowId + "' has no jobs"
                            : "jobs of workflow '" + workflowId + "': " + String.join(", ", jobIds);
                }
                reader.problem(node, "unknown job '" + job + "' in ${jobs." + job + "...}", hint);
            }
        }
    }

    private Template template(ConfigNode node, Set<String> sources) {
        Template template = reader.template(node, sources);
        if (template != null) {
            checkJobReferences(node, template.referencedJobs());
        }
        return template;
    }

    private JobBody componentCall(String jobId, ConfigMap job) {
        ComponentSpec component = componentOf(jobId, job, job.get("component"));
        String action = actionOf(component, job, job.get("action"));
        ConfigNode input = job.get("input");
        boolean empty = input == null || input instanceof ConfigMap map && map.size() == 0
                || input instanceof ConfigScalar scalar && scalar.isNull();
        ConfigNode repeat = job.get("repeat_count");
        if (repeat instanceof ConfigScalar scalar && scalar.value() instanceof Number n && n.longValue() < 1) {
            reader.problem(repeat, "repeat_count must be at least 1, got " + n);
        }
        return new JobBody.ComponentCall(component == null ? null : component.id(), action,
                empty ? null : template(input, Sources.WORKFLOW), template(repeat, Sources.WORKFLOW));
    }

    /** The component a job calls: by id, the default one, or an inline component (registered here). */
    private ComponentSpec componentOf(String jobId, ConfigMap job, ConfigNode node) {
        if (node instanceof ConfigMap inline) {
            String id = reader.string(inline, "id", null);
            if (id == null) {
                id = parts.components.containsKey(jobId) ? workflowId + "." + jobId : jobId;
            }
            ComponentSpec spec = binder.component(inline, id);
            if (parts.components.containsKey(id)) {
                binder.duplicate(inline, "component", id, parts.components.get(id).mark());
                return null;
            }
            parts.components.put(id, spec);
            return spec;
        }
        String id = node instanceof ConfigScalar scalar && !scalar.isNull() ? String.valueOf(scalar.value())
                : JobSpec.DEFAULT_REFERENCE;
        if (id.equals(JobSpec.DEFAULT_REFERENCE)) {
            return defaultComponent(job, node);
        }
        ComponentSpec spec = parts.components.get(id);
        if (spec == null) {
            reader.unknown(node, "component", id, parts.declared.keySet(), "components");
        }
        return spec;
    }

    private ComponentSpec defaultComponent(ConfigMap job, ConfigNode node) {
        Map<String, ComponentSpec> declared = parts.declared;
        if (declared.size() == 1) {
            return declared.values().iterator().next();
        }
        List<ComponentSpec> defaults = declared.values().stream().filter(ComponentSpec::isDefault).toList();
        if (defaults.size() == 1) {
            return defaults.get(0);
        }
        ConfigNode place = node != null ? node : job;
        if (declared.isEmpty()) {
            reader.problem(place, "the job calls a component but there are none", "declare one under components");
        } else if (defaults.isEmpty()) {
            reader.problem(place, "which component? there are several and none is default",
                    "name one with component: " + String.join(", ", declared.keySet()));
        } else {
            reader.problem(place, "which component? several are marked default: "
                    + String.join(", ", defaults.stream().map(ComponentSpec::id).toList()), null);
        }
        return null;
    }

    /** The action id a job calls on {@code component}, resolved (never {@code __default__} when it can be found). */
    private String actionOf(ComponentSpec component, ConfigMap job, ConfigNode node) {
        String written = node instanceof ConfigScalar scalar && !scalar.isNull() ? String.valueOf(scalar.value())
                : JobSpec.DEFAULT_REFERENCE;
        if (component == null) {
            return written;
        }
        ActionSpec action = component.action(written).orElse(null);
        if (action != null) {
            return action.id();
        }
        List<String> ids = component.actions().stream().map(ActionSpec::id).toList();
        if (written.equals(JobSpec.DEFAULT_REFERENCE)) {
            reader.problem(node != null ? node : job, "component '" + component.id()
                    + "' has several actions and none is default", "name one with action: " + String.join(", ", ids));
        } else {
            reader.unknown(node, "action", written, ids, "actions of component '" + component.id() + "'");
        }
        return written;
    }

    private JobBody ifBody(ConfigMap job) {
        List<JobBody.IfCondition> conditions = new ArrayList<>();
        if (job.has("conditions")) {
            for (ConfigNode node : FieldReader.items(job.get("conditions"))) {
                if (node instanceof ConfigMap condition) {
                    conditions.add(ifCondition(condition, false));
                }
            }
        } else if (job.has("operator") || job.has("value") || job.has("if_true") || job.has("if_false")) {
            conditions.add(ifCondition(job, true));
        }
        return new JobBody.If(template(job.get("input"), Sources.WORKFLOW), List.copyOf(conditions),
                target(job, "otherwise"));
    }

    /** One condition; {@code inline}: written on the job itself, whose {@code input} belongs to the job. */
    private JobBody.IfCondition ifCondition(ConfigMap condition, boolean inline) {
        Template input = inline ? null : template(condition.get("input"), Sources.WORKFLOW);
        return new JobBody.IfCondition(input, operator(condition), valueTemplate(condition),
                target(condition, "if_true"), target(condition, "if_false"));
    }

    private Operator operator(ConfigMap condition) {
        String name = reader.string(condition, "operator", "eq");
        Operator operator = Operator.fromText(name);
        if (operator == null) {
            reader.unknown(condition.get("operator"), "operator", name, Operator.names(), "operators");
            return Operator.EQ;
        }
        return operator;
    }

    private Template valueTemplate(ConfigMap map) {
        return map.has("value") ? template(map.get("value"), Sources.WORKFLOW) : Template.constant(null);
    }

    private JobBody switchBody(ConfigMap job) {
        List<JobBody.SwitchCase> cases = new ArrayList<>();
        if (job.has("cases")) {
            for (ConfigNode node : FieldReader.items(job.get("cases"))) {
                if (node instanceof ConfigMap switchCase) {
                    cases.add(new JobBody.SwitchCase(valueTemplate(switchCase), target(switchCase, "then")));
                }
            }
        } else if (job.has("then")) {
            cases.add(new JobBody.SwitchCase(valueTemplate(job), target(job, "then")));
        }
        return new JobBody.Switch(template(job.get("input"), Sources.WORKFLOW), List.copyOf(cases),
                target(job, "otherwise"));
    }

    private JobBody randomRouter(ConfigMap job) {
        String mode = reader.string(job, "mode", "uniform");
        List<JobBody.Routing> routings = new ArrayList<>();
        for (ConfigNode node : FieldReader.items(job.get("routings"))) {
            if (node instanceof ConfigMap routing) {
                routings.add(new JobBody.Routing(target(routing, "to"), reader.number(routing, "weight", 1.0)));
            }
        }
        return new JobBody.RandomRouter("weighted".equals(mode), List.copyOf(routings));
    }

    private JobBody filter(ConfigMap job) {
        Condition where = null;
        ConfigNode whereNode = job.get("where");
        if (whereNode == null) {
            reader.problem(job, "missing key 'where'", "a filter job keeps the items where it holds");
        } else {
            try {
                where = Condition.compile(whereNode, ITEM_SOURCES);
                checkJobReferences(whereNode, where.referencedJobs());
            } catch (ComposeException e) {
                reader.problems().addAll(e.problems());
            }
        }
        return new JobBody.Filter(template(job.get("input"), Sources.WORKFLOW), where,
                reader.bool(job, "streaming", false));
    }

    private JobBody forEach(String jobId, ConfigMap job) {
        ConfigNode doNode = job.get("do");
        ConfigMap doMap = doNode instanceof ConfigMap map ? map
                : new ConfigMap(Map.of(), Map.of(), job.mark(), ConfigNode.childPath(job.path(), "do"));
        if (doNode == null) {
            reader.problem(job, "missing key 'do'", "a for-each job calls a component for every item: do: {component: ...}");
        }
        ComponentSpec component = componentOf(jobId, job, doMap.get("component"));
        String action = actionOf(component, doMap, doMap.get("action"));
        return new JobBody.ForEach(template(job.get("input"), Sources.WORKFLOW),
                reader.integer(job, "batch_size", 1, 1), reader.bool(job, "streaming", false),
                component == null ? null : component.id(), action,
                template(doMap.get("input"), ITEM_SOURCES), template(doMap.get("output"), ITEM_OUTPUT_SOURCES));
    }

    private JobBody delay(ConfigMap job) {
        Duration duration = reader.duration(job, "duration");
        String time = reader.string(job, "time", null);
        String mode = reader.string(job, "mode", time != null && duration == null ? "specific-time" : "time-interval");
        if ("specific-time".equals(mode) && time == null) {
            reader.problem(job, "missing key 'time'", "a delay in specific-time mode waits until time: 14:30");
        } else if (!"specific-time".equals(mode) && duration == null && !job.has("duration")) {
            reader.problem(job, "missing key 'duration'", "a delay job waits duration: 500ms, 2s, 1m ...");
        }
        return new JobBody.Delay(duration, time, reader.string(job, "timezone", null));
    }

    private List<List<String>> dependsOn(String jobId, ConfigNode node) {
        List<List<String>> groups = new ArrayList<>();
        for (ConfigNode item : FieldReader.items(node)) {
            List<String> group = new ArrayList<>();
            for (ConfigNode member : item instanceof ConfigList list ? list.items() : List.of(item)) {
                if (!(member instanceof ConfigScalar scalar) || scalar.isNull()) {
                    continue;
                }
                String name = String.valueOf(scalar.value());
                if (name.equals(jobId)) {
                    reader.problem(member, "job '" + jobId + "' depends on itself");
                } else if (!jobIds.contains(name)) {
                    reader.unknown(member, "job", name, jobIds, "jobs of workflow '" + workflowId + "'");
                }
                group.add(name);
            }
            if (!group.isEmpty()) {
                groups.add(List.copyOf(group));
            }
        }
        return List.copyOf(groups);
    }

    private RetrySpec retry(ConfigNode node) {
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return null;
        }
        if (node instanceof ConfigScalar scalar && scalar.value() instanceof Number n) {
            if (n.longValue() < 1) {
                reader.problem(node, "retry max_attempt_count must be at least 1, got " + n);
            }
            return new RetrySpec((int) Math.max(1, n.longValue()), Duration.ZERO, false, null);
        }
        if (!(node instanceof ConfigMap map)) {
            reader.problem(node, "expected an integer or a mapping, got " + SchemaErrorTranslator.describe(node));
            return null;
        }
        ConfigNode count = map.get("max_attempt_count");
        if (count instanceof ConfigScalar scalar && scalar.value() instanceof Number n && n.longValue() < 1) {
            reader.problem(count, "retry max_attempt_count must be at least 1, got " + n);
        }
        int attempts = count instanceof ConfigScalar scalar && scalar.value() instanceof Number n
                ? (int) Math.max(1, n.longValue()) : reader.integer(map, "max_attempt_count", 1, 1);
        String backoff = reader.string(map, "backoff", "fixed");
        if (!backoff.equals("fixed") && !backoff.equals("exponential")) {
            reader.unknown(map.get("backoff"), "backoff", backoff, List.of("fixed", "exponential"), "backoffs");
        }
        Duration delay = reader.duration(map, "delay");
        return new RetrySpec(attempts, delay == null ? Duration.ZERO : delay, backoff.equals("exponential"),
                reader.duration(map, "max_delay"));
    }

    private OnErrorSpec onError(ConfigNode node) {
        if (node == null || node instanceof ConfigScalar scalar && scalar.isNull()) {
            return null;
        }
        if (node instanceof ConfigScalar scalar && scalar.isString()
                && ((String) scalar.value()).equalsIgnoreCase("ignore")) {
            return new OnErrorSpec(null, null);
        }
        if (!(node instanceof ConfigMap map)) {
            reader.problem(node, "expected 'ignore' or a mapping with output or to, got "
                    + SchemaErrorTranslator.describe(node));
            return null;
        }
        return new OnErrorSpec(template(map.get("output"), ERROR_SOURCES), target(map, "to"));
    }

    /** A routing target under {@code key}: null when absent; must name a job of this workflow. */
    private String target(ConfigMap map, String key) {
        String name = reader.string(map, key, null);
        if (name != null && !jobIds.contains(name)) {
            reader.unknown(map.get(key), "job", name, jobIds, "jobs of workflow '" + workflowId + "'");
        }
        return name;
    }

    private static Set<String> plus(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
