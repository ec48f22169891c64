package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Condition;
import dev.modelcompose.engine.binding.Operator;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.SourceMark;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.model.OnErrorSpec;
import dev.modelcompose.engine.model.RetrySpec;
import dev.modelcompose.engine.model.WorkflowSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the model records the loader would produce (components, workflows, jobs with compiled templates), so the
 * graph and the scheduler can be tested on their own. Templates are compiled from plain values with
 * {@link Template#compile}; marks point at a fictitious {@code test.yml} (job number n at line n).
 */
public final class ComposeFixture {
    public static final String FILE = "test.yml";
    private final Map<String, ComponentSpec> components = new LinkedHashMap<>();
    private final Map<String, WorkflowSpec> workflows = new LinkedHashMap<>();

    /** A component with one unnamed action; {@code config} is the component's mapping (type-specific fields). */
    public ComposeFixture component(String id, String type, Map<String, ?> config) {
        Map<String, Object> all = new LinkedHashMap<>(config);
        all.put("id", id);
        all.put("type", type);
        ConfigMap map = (ConfigMap) node(all, "components." + id);
        int limit = config.get("max_concurrent_count") instanceof Integer n ? n : 0;
        components.put(id, new ComponentSpec(id, type, false, limit,
                List.of(new ActionSpec(ActionSpec.DEFAULT_ID, false, map)), map));
        return this;
    }

    public ComposeFixture component(String id, String type) {
        return component(id, type, Map.of());
    }

    public ComposeFixture workflow(String id, Job... jobs) {
        return workflow(id, null, null, jobs);
    }

    /** A workflow with an {@code output} template (plain value, may be null) and a timeout (may be null). */
    public ComposeFixture workflow(String id, Object output, Duration timeout, Job... jobs) {
        String path = "workflows[" + workflows.size() + "]";
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < jobs.length; i++) {
            specs.add(jobs[i].build(path + ".jobs[" + i + "]", i + 2));
        }
        workflows.put(id, new WorkflowSpec(id, null, null, false, false, specs,
                output == null ? null : template(output, Sources.WORKFLOW), timeout,
                new SourceMark(FILE, 1, 1), path));
        return this;
    }

    public ComposeFile file() {
        ConfigMap empty = new ConfigMap(Map.of(), Map.of(), SourceMark.UNKNOWN, "");
        return new ComposeFile(List.of(FILE), Path.of("."), empty, new LinkedHashMap<>(components),
                new LinkedHashMap<>(workflows), empty, Map.of());
    }

    // ---- templates ------------------------------------------------------------------------------------------

    public static Template template(Object plain, Set<String> sources) {
        return Template.compile(node(plain, "t"), sources);
    }

    public static Template template(Object plain, String... extraSources) {
        Set<String> sources = new HashSet<>(Sources.WORKFLOW);
        sources.addAll(List.of(extraSources));
        return template(plain, sources);
    }

    public static ConfigNode node(Object plain, String path) {
        SourceMark mark = new SourceMark(FILE, 1, 1);
        if (plain instanceof Map<?, ?> map) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            map.forEach((key, value) -> entries.put(String.valueOf(key), node(value, path + "." + key)));
            return new ConfigMap(entries, Map.of(), mark, path);
        }
        if (plain instanceof List<?> list) {
            List<ConfigNode> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(node(list.get(i), path + "[" + i + "]"));
            }
            return new ConfigList(items, mark, path);
        }
        return new ConfigScalar(plain, mark, path);
    }

    public static Condition condition(Object plain, String... extraSources) {
        Set<String> sources = new HashSet<>(Sources.WORKFLOW);
        sources.addAll(List.of(extraSources));
        return Condition.compile(node(plain, "where"), sources);
    }

    // ---- jobs -----------------------------------------------------------------------------------------------

    public static Job job(String id) {
        return new Job(id);
    }

    /** A job under construction; the body defaults to a call of component {@code echo} with no input. */
    public static final class Job {
        private final String id;
        private JobBody body = new JobBody.ComponentCall("echo", JobSpec.DEFAULT_REFERENCE, null, null);
        private final List<List<String>> dependsOn = new ArrayList<>();
        private RetrySpec retry;
        private Duration timeout;
        private OnErrorSpec onError;
        private int maxRunCount = JobSpec.DEFAULT_MAX_RUN_COUNT;
        private Template output;

        private Job(String id) {
            this.id = id;
        }

        /** A component call; {@code input} is a plain value with bindings (null: the whole workflow input). */
        public Job call(String component, Object input) {
            body = new JobBody.ComponentCall(component, JobSpec.DEFAULT_REFERENCE,
                    input == null ? null : template(input), null);
            return this;
        }

        public Job repeat(String component, Object input, Object repeatCount) {
            body = new JobBody.ComponentCall(component, JobSpec.DEFAULT_REFERENCE,
                    input == null ? null : template(input), template(repeatCount));
            return this;
        }

        public Job body(JobBody value) {
            body = value;
            return this;
        }

        /** Items are job ids (AND) or lists of job ids (an OR group). */
        public Job dependsOn(Object... items) {
            for (Object item : items) {
                if (item instanceof List<?> group) {
                    dependsOn.add(group.stream().map(String::valueOf).toList());
                } else {
                    dependsOn.add(List.of(String.valueOf(item)));
                }
            }
            return this;
        }

        public Job retry(int attempts, Duration delay, boolean exponential, Duration maxDelay) {
            retry = new RetrySpec(attempts, delay, exponential, maxDelay);
            return this;
        }

        public Job timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Job onErrorIgnore() {
            onError = new OnErrorSpec(null, null);
            return this;
        }

        public Job onErrorOutput(Object plain) {
            onError = new OnErrorSpec(template(plain, Sources.ERROR), null);
            return this;
        }

        public Job onErrorTo(String target) {
            onError = new OnErrorSpec(null, target);
            return this;
        }

        public Job maxRunCount(int value) {
            maxRunCount = value;
            return this;
        }

        public Job output(Object plain) {
            output = template(plain, Sources.OUTPUT);
            return this;
        }

        JobSpec build(String path, int line) {
            return new JobSpec(id, List.copyOf(dependsOn), retry, timeout, onError, maxRunCount, output, body,
                    new SourceMark(FILE, line, 5), path);
        }
    }

    // ---- bodies ---------------------------------------------------------------------------------------------

    public static JobBody.IfCondition when(Object input, String operator, Object value, String ifTrue,
                                           String ifFalse) {
        return new JobBody.IfCondition(input == null ? null : template(input), Operator.fromText(operator),
                template(value), ifTrue, ifFalse);
    }

    public static JobBody ifBody(Object input, String otherwise, JobBody.IfCondition... conditions) {
        return new JobBody.If(input == null ? null : template(input), List.of(conditions), otherwise);
    }

    public static JobBody switchBody(Object input, String otherwise, Object... valueThenPairs) {
        List<JobBody.SwitchCase> cases = new ArrayList<>();
        for (int i = 0; i < valueThenPairs.length; i += 2) {
            cases.add(new JobBody.SwitchCase(template(valueThenPairs[i]), (String) valueThenPairs[i + 1]));
        }
        return new JobBody.Switch(input == null ? null : template(input), cases, otherwise);
    }

    public static JobBody filterBody(Object input, Object where, boolean streaming) {
        return new JobBody.Filter(template(input), condition(where, Sources.ITEM, Sources.INDEX), streaming);
    }

    public static JobBody forEachBody(Object input, int batchSize, String component, Object doInput,
                                      Object doOutput) {
        return new JobBody.ForEach(template(input), batchSize, false, component, JobSpec.DEFAULT_REFERENCE,
                doInput == null ? null : template(doInput, Sources.ITEM, Sources.INDEX),
                doOutput == null ? null : template(doOutput, Sources.ITEM, Sources.INDEX, Sources.OUTPUT));
    }

    public static JobBody delayBody(Duration duration) {
        return new JobBody.Delay(duration, null, null);
    }
}
