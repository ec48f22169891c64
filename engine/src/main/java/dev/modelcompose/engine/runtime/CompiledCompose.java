package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.graph.JobGraph;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.Problem;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.model.WorkflowSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;
import dev.modelcompose.engine.spi.ComponentTypes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compose file ready to run: every component created by its type (with {@code max_concurrent_count} applied), and
 * every workflow's job graph built and its jobs compiled. Made once; shared by every run.
 */
public final class CompiledCompose {
    private final ComposeFile file;
    private final Map<String, Component> components;
    private final Map<String, CompiledWorkflow> workflows;

    private CompiledCompose(ComposeFile file, Map<String, Component> components,
                            Map<String, CompiledWorkflow> workflows) {
        this.file = file;
        this.components = components;
        this.workflows = workflows;
    }

    /**
     * Compiles {@code file}.
     *
     * @throws ComposeException with every problem found: unknown component types, component errors, unknown job,
     *                          component and action ids, dependency cycles
     */
    public static CompiledCompose compile(ComposeFile file, ComponentTypes types) {
        List<Problem> problems = new ArrayList<>();
        ComponentSetup setup = new ComponentSetup() {
            @Override
            public Path baseDir() {
                return file.baseDir();
            }

            @Override
            public ComposeFile file() {
                return file;
            }
        };
        Map<String, Component> components = new LinkedHashMap<>();
        for (ComponentSpec spec : file.components().values()) {
            try {
                ComponentType type = types.get(spec.type()).orElseThrow(() -> new ComposeException(new Problem(
                        spec.mark(), spec.config().path(), "unknown component type '" + spec.type() + "'",
                        "registered types: " + String.join(", ", types.names()))));
                Component component = type.create(spec, setup);
                components.put(spec.id(), spec.maxConcurrentCount() > 0
                        ? new LimitedComponent(component, spec.maxConcurrentCount()) : component);
            } catch (ComposeException error) {
                problems.addAll(error.problems());
            }
        }
        Map<String, CompiledWorkflow> workflows = new LinkedHashMap<>();
        for (WorkflowSpec spec : file.workflows().values()) {
            try {
                JobGraph graph = JobGraph.build(spec);
                JobCompiler compiler = new JobCompiler(file, components, graph);
                problems.addAll(compiler.checkReferences());
                if (problems.isEmpty()) {
                    workflows.put(spec.id(), new CompiledWorkflow(spec, graph, compiler.compile()));
                }
            } catch (ComposeException error) {
                problems.addAll(error.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ComposeException(problems);
        }
        return new CompiledCompose(file, Collections.unmodifiableMap(components),
                Collections.unmodifiableMap(workflows));
    }

    public ComposeFile file() {
        return file;
    }

    /** The running form of every component, by id ({@code max_concurrent_count} applied). */
    public Map<String, Component> components() {
        return components;
    }

    /** The workflows, by id, in the order declared. */
    public Map<String, CompiledWorkflow> workflows() {
        return workflows;
    }

    /** The workflow {@code id}; null or {@code __default__} picks the only one or the {@code default: true} one. */
    public Optional<CompiledWorkflow> workflow(String id) {
        return file.workflow(id).map(spec -> workflows.get(spec.id()));
    }

    /** Like {@link #workflow}, but an unknown id is an {@link IllegalArgumentException} listing the workflows. */
    public CompiledWorkflow require(String id) {
        return workflow(id).orElseThrow(() -> {
            String known = workflows.isEmpty() ? "the file declares none" : String.join(", ", workflows.keySet());
            if (id == null || id.equals(JobSpec.DEFAULT_REFERENCE)) {
                return new IllegalArgumentException(workflows.isEmpty() ? "no workflow to run: the file declares none"
                        : "no workflow named and none is the default (mark one default: true); workflows: " + known);
            }
            return new IllegalArgumentException("unknown workflow '" + id + "'; workflows: " + known);
        });
    }
}
