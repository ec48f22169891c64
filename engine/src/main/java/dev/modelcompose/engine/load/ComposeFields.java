package dev.modelcompose.engine.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field names the binder reads, per place in a compose file (the normalised, plural forms). A test checks that
 * each is declared in {@code schemas/compose.schema.json} at the same place, and the other way round.
 */
public final class ComposeFields {
    public static final List<String> ROOT = List.of("controller", "components", "workflows", "include");
    public static final List<String> WORKFLOW = List.of("id", "name", "title", "description", "default", "private",
            "jobs", "output", "timeout");
    /** Fields every job type has ({@code output} only on the types that produce a value). */
    public static final List<String> JOB_COMMON = List.of("id", "type", "name", "description", "depends_on", "retry",
            "timeout", "on_error", "max_run_count");
    public static final List<String> RETRY = List.of("max_attempt_count", "delay", "backoff", "max_delay");
    public static final List<String> ON_ERROR = List.of("output", "to");
    public static final List<String> IF_CONDITION = List.of("input", "operator", "value", "if_true", "if_false");
    public static final List<String> SWITCH_CASE = List.of("value", "then");
    public static final List<String> ROUTING = List.of("to", "weight");
    public static final List<String> FOR_EACH_DO = List.of("component", "action", "input", "output");
    /** Per job type, the fields besides {@link #JOB_COMMON}. */
    public static final Map<String, List<String>> JOB_TYPE = jobTypes();
    /** Fields of every component the engine reads; the component type reads the rest. */
    public static final List<String> COMPONENT_COMMON = List.of("id", "type", "name", "description", "runtime",
            "max_concurrent_count", "default", "actions");
    /** Fields of every action the engine reads. */
    public static final List<String> ACTION_COMMON = List.of("id", "name", "description", "default", "output");

    private ComposeFields() {
    }

    private static Map<String, List<String>> jobTypes() {
        Map<String, List<String>> types = new LinkedHashMap<>();
        types.put("component", List.of("output", "component", "action", "input", "repeat_count"));
        types.put("if", List.of("input", "conditions", "otherwise"));
        types.put("switch", List.of("input", "cases", "otherwise"));
        types.put("random-router", List.of("mode", "routings"));
        types.put("filter", List.of("output", "input", "where", "streaming"));
        types.put("for-each", List.of("output", "input", "batch_size", "streaming", "do"));
        types.put("delay", List.of("output", "mode", "duration", "time", "timezone"));
        return java.util.Collections.unmodifiableMap(types);
    }
}
