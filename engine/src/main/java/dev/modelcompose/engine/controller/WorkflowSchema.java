package dev.modelcompose.engine.controller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's inferred input and output: what {@code GET /workflows/{id}/schema} answers and what the web page
 * builds its form from.
 *
 * @param output {@link Variable}s and {@link Group}s
 */
public record WorkflowSchema(String workflowId, String title, String description, boolean isDefault,
                             List<Variable> input, List<Object> output, List<JobNode> jobs) {

    /**
     * One input or output value.
     *
     * @param name        the path after {@code input.} ({@code prompt}, {@code a.b}); null for the whole input
     * @param type        the {@code as} type; null when none was written (shown as {@code string}, and any value is
     *                    accepted)
     * @param options     the choices of a {@code select}
     * @param description the {@code @(description ...)} annotation
     */
    public record Variable(String name, String type, boolean isList, String subtype, String format,
                           Object defaultValue, boolean hasDefault, List<String> options, String description) {

        Map<String, Object> toJson() {
            return toJson(false);
        }

        /** With {@code required} (no default written) for input variables. */
        Map<String, Object> toJson(boolean isInput) {
            Map<String, Object> json = new LinkedHashMap<>();
            if (name != null) {
                json.put("name", name);
            }
            json.put("type", type == null ? "string" : type);
            json.put("is_list", isList);
            if (subtype != null) {
                json.put("subtype", subtype);
            }
            if (format != null) {
                json.put("format", format);
            }
            if (hasDefault) {
                json.put("default", defaultValue);
            }
            if (options != null) {
                json.put("options", options);
            }
            if (description != null) {
                json.put("description", description);
            }
            if (isInput) {
                json.put("required", !hasDefault);
            }
            return json;
        }
    }

    /** Repeated outputs: a for-each job or a job with {@code repeat_count > 1} that ends the workflow. */
    public record Group(String name, List<Variable> variables, Integer repeatCount) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            List<Object> vars = new ArrayList<>();
            variables.forEach(v -> vars.add(v.toJson()));
            json.put("variables", vars);
            if (repeatCount != null) {
                json.put("repeat_count", repeatCount);
            }
            return json;
        }
    }

    /**
     * A job of the DAG for the web page.
     *
     * @param dependsOn what it waits for: an id, or a list of ids of which one is enough
     * @param routes    the jobs it may route to (if, switch, random-router, on_error)
     */
    public record JobNode(String id, String type, List<Object> dependsOn, List<String> routes) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("type", type == null ? "string" : type);
            json.put("depends_on", dependsOn);
            json.put("routes", routes);
            return json;
        }
    }

    /** The {@code GET /workflows/{id}/graph} body: {@code {workflow_id, jobs: [{id, type, depends_on, routes}]}}. */
    public Map<String, Object> graphJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workflow_id", workflowId);
        List<Object> dag = new ArrayList<>();
        jobs.forEach(j -> dag.add(j.toJson()));
        json.put("jobs", dag);
        return json;
    }

    /** True when the whole output is one stream: served as {@code text/event-stream} with {@code output_only}. */
    public boolean streamsOutput() {
        return output.size() == 1 && output.get(0) instanceof Variable v && v.name() == null
                && "stream".equals(v.type());
    }

    /** The {@code GET /workflows/{id}/schema} body . */
    public Map<String, Object> toJson() {
        Map<String, Object> json = summary();
        if (description != null) {
            json.put("description", description);
        }
        List<Object> in = new ArrayList<>();
        input.forEach(v -> in.add(v.toJson(true)));
        json.put("input", in);
        List<Object> out = new ArrayList<>();
        for (Object o : output) {
            out.add(o instanceof Variable v ? v.toJson() : ((Group) o).toJson());
        }
        json.put("output", out);
        return json;
    }

    /** The {@code GET /workflows} item: {@code workflow_id}, {@code title}, {@code default}. */
    public Map<String, Object> summary() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workflow_id", workflowId);
        if (title != null) {
            json.put("title", title);
        }
        if (isDefault) {
            json.put("default", true);
        }
        return json;
    }
}
