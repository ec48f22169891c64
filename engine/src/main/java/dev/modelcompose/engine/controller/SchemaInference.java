package dev.modelcompose.engine.controller;

import dev.modelcompose.engine.binding.Binding;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.graph.JobGraph;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.model.WorkflowSpec;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.CompiledWorkflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Infers each workflow's input and output variables from its bindings (model-compose's rule): every
 * {@code ${input.<path>}} in the jobs' templates, or, for a component job that passes the whole input on, in the
 * component's action (through {@code workflow} components into the sub-workflow), plus the workflow output. The first
 * occurrence of a name wins; a bare {@code ${input}} counts only when it comes first.
 */
public final class SchemaInference {
    private static final Set<String> ANY_SOURCE = Set.of(Sources.INPUT, Sources.JOBS, Sources.CONTEXT, Sources.ENV,
            Sources.OUTPUT, Sources.RESULT, Sources.RESPONSE, Sources.ITEM, Sources.INDEX, Sources.ERROR, Sources.JOB,
            Sources.chunkOf(Sources.RESULT), Sources.chunkOf(Sources.RESPONSE), Sources.chunkOf(Sources.OUTPUT));
    private static final Set<String> OPERATOR_KEYS = Set.of("*", "?", "+", "|", "...");

    private final CompiledCompose compiled;
    private final ComposeFile file;

    public SchemaInference(CompiledCompose compiled) {
        this.compiled = compiled;
        this.file = compiled.file();
    }

    /** The schemas of the public workflows, in the order declared. */
    public Map<String, WorkflowSchema> publicSchemas() {
        Map<String, WorkflowSchema> schemas = new LinkedHashMap<>();
        for (WorkflowSpec workflow : file.workflows().values()) {
            if (!workflow.isPrivate()) {
                schemas.put(workflow.id(), infer(workflow));
            }
        }
        return schemas;
    }

    WorkflowSchema infer(WorkflowSpec workflow) {
        boolean isDefault = file.workflows().size() == 1 || workflow.isDefault();
        return new WorkflowSchema(workflow.id(), workflow.title(), workflow.description(), isDefault,
                input(workflow), output(workflow), dag(workflow));
    }

    // ---- input -----------------------------------------------------------------------------------------------

    private List<WorkflowSchema.Variable> input(WorkflowSpec workflow) {
        List<Binding> bindings = new ArrayList<>();
        collectInput(workflow, bindings, new HashSet<>());
        List<WorkflowSchema.Variable> variables = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Binding binding : bindings) {
            if (!Sources.INPUT.equals(binding.source())) {
                continue;
            }
            String name = binding.path() == null || binding.path().isEmpty() ? null : binding.path();
            if (name == null && !variables.isEmpty()) {
                continue;
            }
            if (seen.add(name == null ? "" : name)) {
                variables.add(variable(name, binding));
            }
        }
        // a bare ${input} first and named fields after: the named ones describe it better
        if (variables.size() > 1 && variables.get(0).name() == null) {
            variables.remove(0);
        }
        return variables;
    }

    private void collectInput(WorkflowSpec workflow, List<Binding> out, Set<String> visiting) {
        if (!visiting.add(workflow.id())) {
            return;
        }
        for (JobSpec job : workflow.jobs()) {
            JobBody body = job.body();
            if (body instanceof JobBody.ComponentCall call) {
                if (call.input() == null || call.input().isPassThrough(Sources.INPUT)) {
                    file.component(call.component()).ifPresent(c -> actionInput(c, call.action(), out, visiting));
                } else {
                    add(out, call.input());
                }
                add(out, call.repeatCount());
            } else if (body instanceof JobBody.If ifJob) {
                add(out, ifJob.input());
                for (JobBody.IfCondition condition : ifJob.conditions()) {
                    add(out, condition.input());
                    add(out, condition.value());
                }
            } else if (body instanceof JobBody.Switch switchJob) {
                add(out, switchJob.input());
                switchJob.cases().forEach(c -> add(out, c.value()));
            } else if (body instanceof JobBody.Filter filter) {
                add(out, filter.input());
            } else if (body instanceof JobBody.ForEach forEach) {
                add(out, forEach.input());
                add(out, forEach.doInput());
                add(out, forEach.doOutput());
            }
            add(out, job.output());
            if (job.onError() != null) {
                add(out, job.onError().output());
            }
        }
        add(out, workflow.output());
        visiting.remove(workflow.id());
    }

    private void actionInput(ComponentSpec component, String actionId, List<Binding> out, Set<String> visiting) {
        ActionSpec action = component.action(actionId).orElse(null);
        if (action == null) {
            return;
        }
        if ("workflow".equals(component.type())) {
            ConfigNode target = action.config().get("workflow");
            ConfigNode input = action.config().get("input");
            String id = target instanceof ConfigScalar s && !s.isNull() ? String.valueOf(s.value()) : null;
            List<Binding> inputBindings = bindingsOf(input);
            boolean passThrough = input == null || (inputBindings.size() == 1
                    && Sources.INPUT.equals(inputBindings.get(0).source()) && inputBindings.get(0).path().isEmpty()
                    && input instanceof ConfigScalar);
            if (passThrough) {
                file.workflow(id).ifPresent(sub -> collectInput(sub, out, visiting));
            } else {
                out.addAll(inputBindings);
            }
            return;
        }
        out.addAll(bindingsOf(action.config()));
    }

    private static void add(List<Binding> out, Template template) {
        if (template != null) {
            out.addAll(template.bindings());
        }
    }

    /** Every binding in a raw node, each string compiled alone (one that does not compile is skipped). */
    static List<Binding> bindingsOf(ConfigNode node) {
        List<Binding> out = new ArrayList<>();
        walk(node, out);
        return out;
    }

    private static void walk(ConfigNode node, List<Binding> out) {
        if (node instanceof ConfigMap map) {
            map.entries().values().forEach(child -> walk(child, out));
        } else if (node instanceof ConfigList list) {
            list.items().forEach(child -> walk(child, out));
        } else if (node instanceof ConfigScalar scalar && scalar.isString()
                && String.valueOf(scalar.value()).contains("${")) {
            try {
                out.addAll(Template.compile(scalar, ANY_SOURCE).bindings());
            } catch (RuntimeException unreadable) {
                // the component reads this field its own way: no variables from it
            }
        }
    }

    private static WorkflowSchema.Variable variable(String name, Binding binding) {
        String type = binding.type();
        List<String> options = "select".equals(type) && binding.subtype() != null
                ? Arrays.stream(binding.subtype().split(",")).map(String::trim).toList() : null;
        String description = binding.annotations() == null ? null : binding.annotations().get("description");
        return new WorkflowSchema.Variable(name, type, binding.list(), binding.subtype(), binding.format(),
                binding.defaultValue(), binding.hasDefault(), options, description);
    }

    // ---- output ----------------------------------------------------------------------------------------------

    private List<Object> output(WorkflowSpec workflow) {
        List<Object> out = new ArrayList<>();
        ConfigMap raw = rawWorkflow(workflow);
        if (workflow.output() != null) {
            ConfigNode node = raw == null ? null : raw.get("output");
            if (node != null) {
                outputVariables(node, null, out);
            }
        } else {
            CompiledWorkflow compiledWorkflow = compiled.workflows().get(workflow.id());
            int[] terminals = compiledWorkflow == null ? new int[0] : compiledWorkflow.graph().terminals();
            for (int index : terminals) {
                JobSpec job = workflow.jobs().get(index);
                terminalOutput(workflow, raw, job, out);
            }
        }
        if (out.isEmpty()) {
            out.add(new WorkflowSchema.Variable(null, "any", false, null, null, null, false, null, null));
        }
        return out;
    }

    private void terminalOutput(WorkflowSpec workflow, ConfigMap raw, JobSpec job, List<Object> out) {
        ConfigNode node = rawJobOutput(raw, workflow, job);
        if (node == null && job.body() instanceof JobBody.ComponentCall call) {
            node = file.component(call.component()).flatMap(c -> c.action(call.action()))
                    .map(a -> a.config().get("output")).orElse(null);
        }
        List<Object> variables = new ArrayList<>();
        if (node != null) {
            outputVariables(node, null, variables);
        }
        Integer repeat = null;
        if (job.body() instanceof JobBody.ComponentCall call && call.repeatCount() != null
                && call.repeatCount().isConstant()) {
            try {
                Object count = call.repeatCount().render(null);
                repeat = count instanceof Number n && n.intValue() > 1 ? n.intValue() : null;
            } catch (RuntimeException notConstant) {
                repeat = null;
            }
        }
        if (repeat != null || job.body() instanceof JobBody.ForEach) {
            List<WorkflowSchema.Variable> inner = new ArrayList<>();
            variables.forEach(v -> inner.add((WorkflowSchema.Variable) v));
            if (inner.isEmpty()) {
                inner.add(new WorkflowSchema.Variable(null, "string", false, null, null, null, false, null, null));
            }
            out.add(new WorkflowSchema.Group(job.id(), inner, repeat));
        } else {
            out.addAll(variables);
        }
    }

    private static void outputVariables(ConfigNode node, String name, List<Object> out) {
        if (node instanceof ConfigMap map && map.keys().stream().noneMatch(OPERATOR_KEYS::contains)) {
            for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
                outputVariables(entry.getValue(), name == null ? entry.getKey() : name + "." + entry.getKey(), out);
            }
            return;
        }
        if (node instanceof ConfigList list && !list.items().isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                outputVariables(list.get(i), (name == null ? "" : name) + "[" + i + "]", out);
            }
            return;
        }
        List<Binding> bindings = bindingsOf(node);
        boolean whole = node instanceof ConfigScalar s && bindings.size() == 1
                && String.valueOf(s.value()).trim().equals(bindings.get(0).text());
        if (whole) {
            Binding b = bindings.get(0);
            out.add(new WorkflowSchema.Variable(name, b.type() == null ? "string" : b.type(), b.list(), b.subtype(),
                    b.format(), null, false, null, b.annotations() == null ? null : b.annotations().get("description")));
        } else {
            boolean isList = node instanceof ConfigMap map && map.has("*");
            out.add(new WorkflowSchema.Variable(name, node instanceof ConfigScalar ? "string" : "object", isList,
                    null, null, null, false, null, null));
        }
    }

    private ConfigMap rawWorkflow(WorkflowSpec workflow) {
        ConfigNode workflows = file.document() == null ? null : file.document().get("workflows");
        if (workflows instanceof ConfigList list) {
            for (ConfigNode item : list.items()) {
                if (item instanceof ConfigMap map && map.get("id") instanceof ConfigScalar id
                        && workflow.id().equals(String.valueOf(id.value()))) {
                    return map;
                }
            }
            int index = new ArrayList<>(file.workflows().keySet()).indexOf(workflow.id());
            if (index >= 0 && index < list.size() && list.get(index) instanceof ConfigMap map) {
                return map;
            }
        }
        return null;
    }

    private static ConfigNode rawJobOutput(ConfigMap raw, WorkflowSpec workflow, JobSpec job) {
        if (raw == null || job.output() == null || !(raw.get("jobs") instanceof ConfigList jobs)) {
            return null;
        }
        for (ConfigNode item : jobs.items()) {
            if (item instanceof ConfigMap map && map.get("id") instanceof ConfigScalar id
                    && job.id().equals(String.valueOf(id.value()))) {
                return map.get("output");
            }
        }
        int index = workflow.jobs().indexOf(job);
        return index < jobs.size() && jobs.get(index) instanceof ConfigMap map ? map.get("output") : null;
    }

    // ---- the DAG ---------------------------------------------------------------------------------------------

    private List<WorkflowSchema.JobNode> dag(WorkflowSpec workflow) {
        CompiledWorkflow compiledWorkflow = compiled.workflows().get(workflow.id());
        List<WorkflowSchema.JobNode> nodes = new ArrayList<>();
        if (compiledWorkflow == null) {
            return nodes;
        }
        JobGraph graph = compiledWorkflow.graph();
        for (int i = 0; i < graph.size(); i++) {
            List<Object> needs = new ArrayList<>();
            for (int[] group : graph.requirements(i)) {
                if (group.length == 1) {
                    needs.add(graph.jobs().get(group[0]).id());
                } else {
                    List<String> anyOf = new ArrayList<>();
                    for (int needed : group) {
                        anyOf.add(graph.jobs().get(needed).id());
                    }
                    needs.add(anyOf);
                }
            }
            Set<String> routes = new LinkedHashSet<>();
            for (int target : graph.routeTargets(i)) {
                routes.add(graph.jobs().get(target).id());
            }
            JobSpec job = graph.jobs().get(i);
            nodes.add(new WorkflowSchema.JobNode(job.id(), job.body().type(), needs, List.copyOf(routes)));
        }
        return nodes;
    }
}
