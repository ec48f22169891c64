package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.graph.JobGraph;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.Problem;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.spi.Component;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns the jobs of one workflow into {@link CompiledJob}s: resolves components, actions and routes once. */
final class JobCompiler {
    private final ComposeFile file;
    private final Map<String, Component> components;
    private final JobGraph graph;
    private final Route[] routes;

    JobCompiler(ComposeFile file, Map<String, Component> components, JobGraph graph) {
        this.file = file;
        this.components = components;
        this.graph = graph;
        this.routes = Route.table(graph.size());
    }

    CompiledJob[] compile() {
        List<JobSpec> specs = graph.jobs();
        CompiledJob[] compiled = new CompiledJob[specs.size()];
        for (int i = 0; i < compiled.length; i++) {
            JobSpec job = specs.get(i);
            Route onErrorRoute = job.onError() == null ? null : route(job.onError().to());
            compiled[i] = new CompiledJob(job, i, executor(job), onErrorRoute);
        }
        return compiled;
    }

    /** The problems with the component and action ids of every job, found without building anything. */
    List<Problem> checkReferences() {
        List<Problem> problems = new java.util.ArrayList<>();
        for (JobSpec job : graph.jobs()) {
            try {
                if (job.body() instanceof JobBody.ComponentCall call) {
                    action(job, component(job, call.component()), call.action());
                } else if (job.body() instanceof JobBody.ForEach loop) {
                    action(job, component(job, loop.component()), loop.action());
                }
            } catch (ComposeException error) {
                problems.addAll(error.problems());
            }
        }
        return problems;
    }

    private JobExecutor executor(JobSpec job) {
        JobBody body = job.body();
        if (body instanceof JobBody.ComponentCall call) {
            ComponentSpec spec = component(job, call.component());
            return new ComponentJob(job.id(), components.get(spec.id()), action(job, spec, call.action()),
                    call.input(), call.repeatCount());
        }
        if (body instanceof JobBody.If conditional) {
            IfJob.Check[] checks = conditional.conditions().stream()
                    .map(c -> new IfJob.Check(c.input(), c.operator(), c.value(), route(c.ifTrue()),
                            route(c.ifFalse())))
                    .toArray(IfJob.Check[]::new);
            return new IfJob(conditional.input(), checks, route(conditional.otherwise()));
        }
        if (body instanceof JobBody.Switch choice) {
            Template[] values = choice.cases().stream().map(JobBody.SwitchCase::value).toArray(Template[]::new);
            Route[] thens = choice.cases().stream().map(c -> route(c.then())).toArray(Route[]::new);
            return new SwitchJob(choice.input(), values, thens, route(choice.otherwise()));
        }
        if (body instanceof JobBody.RandomRouter random) {
            Route[] targets = random.routings().stream().map(r -> route(r.to())).toArray(Route[]::new);
            double[] weights = random.weighted()
                    ? random.routings().stream().mapToDouble(JobBody.Routing::weight).toArray() : null;
            return new RandomRouterJob(targets, weights);
        }
        if (body instanceof JobBody.Filter filter) {
            return new FilterJob(filter.input(), filter.where(), filter.streaming());
        }
        if (body instanceof JobBody.ForEach loop) {
            ComponentSpec spec = component(job, loop.component());
            return new ForEachJob(job.id(), loop.input(), loop.batchSize(), loop.streaming(),
                    components.get(spec.id()), action(job, spec, loop.action()), loop.doInput(), loop.doOutput());
        }
        if (body instanceof JobBody.Delay delay) {
            return new DelayJob(job.id(), delay.duration(), delay.time(), delay.timezone());
        }
        throw new IllegalStateException("unknown job body " + body);
    }

    private Route route(String target) {
        return target == null ? null : routes[graph.indexOf(target)];
    }

    private ComponentSpec component(JobSpec job, String id) {
        return file.component(id).orElseThrow(() -> {
            String known = String.join(", ", file.components().keySet());
            if (id == null || id.equals(JobSpec.DEFAULT_REFERENCE)) {
                return problem(job, "job '" + job.id() + "' names no component and there is no default one",
                        file.components().isEmpty() ? "the file declares no components"
                                : "name one of: " + known + ", or mark one default: true");
            }
            return problem(job, "job '" + job.id() + "' uses unknown component '" + id + "'",
                    file.components().isEmpty() ? "the file declares no components" : "components: " + known);
        });
    }

    private static ActionSpec action(JobSpec job, ComponentSpec component, String id) {
        return component.action(id).orElseThrow(() -> {
            String known = component.actions().stream().map(ActionSpec::id).collect(Collectors.joining(", "));
            if (id == null || id.equals(JobSpec.DEFAULT_REFERENCE)) {
                return problem(job, "job '" + job.id() + "' names no action and component '" + component.id()
                        + "' has no default one", "name one of: " + known + ", or mark one default: true");
            }
            return problem(job, "component '" + component.id() + "' has no action '" + id + "'",
                    known.isEmpty() ? "it declares no actions" : "actions: " + known);
        });
    }

    private static ComposeException problem(JobSpec job, String message, String hint) {
        return new ComposeException(new Problem(job.mark(), job.path(), message, hint));
    }
}
