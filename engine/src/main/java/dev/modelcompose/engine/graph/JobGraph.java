package dev.modelcompose.engine.graph;

import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.Problem;
import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.model.WorkflowSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The jobs of one workflow as a graph, computed once when a compose file is compiled.
 *
 * <p>A job waits for its {@code depends_on} (an AND of OR-groups) and, in addition, for every job X it reads with
 * {@code ${jobs.X...}} that its {@code depends_on} does not already name (each such read is an AND edge of its own;
 * a job named in an OR group is not waited for beyond that group). Routing targets ({@code if_true}, {@code if_false},
 * {@code otherwise}, {@code then}, {@code to}, {@code on_error.to}) are not entry jobs: they run only when routed to.
 * Cycles over the waiting edges are rejected; routing edges may form loops (bounded by {@code max_run_count}).
 *
 * <p>Jobs are addressed by their index in declaration order.
 */
public final class JobGraph {
    private final WorkflowSpec workflow;
    private final List<JobSpec> jobs;
    private final Map<String, Integer> indexById;
    private final int[][][] requirements;
    private final int[][] dependents;
    private final int[][] routeTargets;
    private final boolean[] entry;
    private final boolean[] router;
    private final int[] terminals;

    private JobGraph(WorkflowSpec workflow, Map<String, Integer> indexById, int[][][] requirements,
                     int[][] dependents, int[][] routeTargets, boolean[] entry, boolean[] router, int[] terminals) {
        this.workflow = workflow;
        this.jobs = workflow.jobs();
        this.indexById = indexById;
        this.requirements = requirements;
        this.dependents = dependents;
        this.routeTargets = routeTargets;
        this.entry = entry;
        this.router = router;
        this.terminals = terminals;
    }

    /**
     * Builds the graph of {@code workflow}.
     *
     * @throws ComposeException for a duplicate job id, an unknown job in {@code depends_on}, in a
     *                          {@code ${jobs.X}} binding or as a routing target, an empty OR group, or a cycle
     */
    public static JobGraph build(WorkflowSpec workflow) {
        List<JobSpec> jobs = workflow.jobs();
        int count = jobs.size();
        Map<String, Integer> indexById = new HashMap<>();
        for (int i = 0; i < count; i++) {
            JobSpec job = jobs.get(i);
            if (indexById.putIfAbsent(job.id(), i) != null) {
                throw problem(job, "duplicate job id '" + job.id() + "'", null);
            }
        }

        int[][][] requirements = new int[count][][];
        int[][] routeTargets = new int[count][];
        boolean[] entry = new boolean[count];
        boolean[] router = new boolean[count];
        Arrays.fill(entry, true);
        for (int i = 0; i < count; i++) {
            JobSpec job = jobs.get(i);
            requirements[i] = requirementsOf(job, indexById, jobs);
            routeTargets[i] = routeTargetsOf(job, indexById, jobs);
            for (int target : routeTargets[i]) {
                entry[target] = false;
            }
            JobBody body = job.body();
            router[i] = body instanceof JobBody.If || body instanceof JobBody.Switch
                    || body instanceof JobBody.RandomRouter;
        }

        List<List<Integer>> dependentLists = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            dependentLists.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            for (int[] group : requirements[i]) {
                for (int needed : group) {
                    List<Integer> list = dependentLists.get(needed);
                    if (!list.contains(i)) {
                        list.add(i);
                    }
                }
            }
        }
        int[][] dependents = new int[count][];
        List<Integer> terminalList = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dependents[i] = dependentLists.get(i).stream().mapToInt(Integer::intValue).toArray();
            if (dependents[i].length == 0 && !router[i]) {
                terminalList.add(i);
            }
        }
        JobGraph graph = new JobGraph(workflow, Map.copyOf(indexById), requirements, dependents, routeTargets,
                entry, router, terminalList.stream().mapToInt(Integer::intValue).toArray());
        graph.rejectCycles();
        return graph;
    }

    private static int[][] requirementsOf(JobSpec job, Map<String, Integer> indexById, List<JobSpec> jobs) {
        List<int[]> groups = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        for (List<String> group : job.dependsOn()) {
            if (group.isEmpty()) {
                throw problem(job, "job '" + job.id() + "': depends_on has an empty group", null);
            }
            int[] members = new int[group.size()];
            for (int k = 0; k < group.size(); k++) {
                String id = group.get(k);
                members[k] = resolve(job, id, indexById, jobs,
                        "job '" + job.id() + "' depends_on names unknown job '" + id + "'");
                named.add(id);
            }
            groups.add(members);
        }
        for (String read : referencedJobs(job)) {
            if (!named.contains(read)) {
                groups.add(new int[]{resolve(job, read, indexById, jobs,
                        "job '" + job.id() + "' reads ${jobs." + read + "} but there is no job '" + read + "'")});
                named.add(read);
            }
        }
        return groups.toArray(new int[0][]);
    }

    /** The index of job {@code id}; {@code unknown} is the message when there is no such job. */
    private static int resolve(JobSpec job, String id, Map<String, Integer> indexById, List<JobSpec> jobs,
                               String unknown) {
        Integer index = indexById.get(id);
        if (index == null) {
            throw problem(job, unknown, "jobs: " + jobs.stream().map(JobSpec::id).collect(Collectors.joining(", ")));
        }
        return index;
    }

    /** The ids of every job read with {@code ${jobs.X...}} in the job's templates, in a stable order. */
    static Set<String> referencedJobs(JobSpec job) {
        Set<String> ids = new LinkedHashSet<>();
        JobBody body = job.body();
        if (body instanceof JobBody.ComponentCall call) {
            add(ids, call.input());
            add(ids, call.repeatCount());
        } else if (body instanceof JobBody.If conditional) {
            add(ids, conditional.input());
            for (JobBody.IfCondition condition : conditional.conditions()) {
                add(ids, condition.input());
                add(ids, condition.value());
            }
        } else if (body instanceof JobBody.Switch choice) {
            add(ids, choice.input());
            for (JobBody.SwitchCase option : choice.cases()) {
                add(ids, option.value());
            }
        } else if (body instanceof JobBody.Filter filter) {
            add(ids, filter.input());
            if (filter.where() != null) {
                ids.addAll(filter.where().referencedJobs());
            }
        } else if (body instanceof JobBody.ForEach loop) {
            add(ids, loop.input());
            add(ids, loop.doInput());
            add(ids, loop.doOutput());
        }
        add(ids, job.output());
        if (job.onError() != null) {
            add(ids, job.onError().output());
        }
        return ids;
    }

    private static void add(Set<String> ids, Template template) {
        if (template != null) {
            ids.addAll(template.referencedJobs());
        }
    }

    private static int[] routeTargetsOf(JobSpec job, Map<String, Integer> indexById, List<JobSpec> jobs) {
        List<String> targets = new ArrayList<>();
        JobBody body = job.body();
        if (body instanceof JobBody.If conditional) {
            for (JobBody.IfCondition condition : conditional.conditions()) {
                targets.add(condition.ifTrue());
                targets.add(condition.ifFalse());
            }
            targets.add(conditional.otherwise());
        } else if (body instanceof JobBody.Switch choice) {
            for (JobBody.SwitchCase option : choice.cases()) {
                targets.add(option.then());
            }
            targets.add(choice.otherwise());
        } else if (body instanceof JobBody.RandomRouter random) {
            for (JobBody.Routing routing : random.routings()) {
                targets.add(routing.to());
            }
        }
        if (job.onError() != null) {
            targets.add(job.onError().to());
        }
        return targets.stream().filter(t -> t != null).distinct()
                .mapToInt(t -> resolve(job, t, indexById, jobs,
                        "job '" + job.id() + "' routes to unknown job '" + t + "'")).toArray();
    }

    /** Depth-first search over the waiting edges, without recursion (a chain may be thousands of jobs long). */
    private void rejectCycles() {
        int count = jobs.size();
        int[][] edges = new int[count][];
        for (int i = 0; i < count; i++) {
            edges[i] = Arrays.stream(requirements[i]).flatMapToInt(Arrays::stream).toArray();
        }
        byte[] state = new byte[count]; // 0 unvisited, 1 on the stack, 2 done
        int[] stack = new int[count];
        int[] cursor = new int[count];
        for (int start = 0; start < count; start++) {
            if (state[start] != 0) {
                continue;
            }
            int depth = 0;
            stack[0] = start;
            state[start] = 1;
            while (depth >= 0) {
                int job = stack[depth];
                if (cursor[job] == edges[job].length) {
                    state[job] = 2;
                    depth--;
                    continue;
                }
                int needed = edges[job][cursor[job]++];
                if (state[needed] == 1) {
                    reportCycle(stack, depth, needed);
                }
                if (state[needed] == 0) {
                    state[needed] = 1;
                    stack[++depth] = needed;
                }
            }
        }
    }

    private void reportCycle(int[] stack, int depth, int closing) {
        int from = depth;
        while (stack[from] != closing) {
            from--;
        }
        List<Integer> cycle = new ArrayList<>();
        for (int k = from; k <= depth; k++) {
            cycle.add(stack[k]);
        }
        int first = cycle.indexOf(Collections.min(cycle));
        Collections.rotate(cycle, -first);
        StringBuilder text = new StringBuilder("dependency cycle: ");
        for (int member : cycle) {
            text.append(jobs.get(member).id()).append(" -> ");
        }
        text.append(jobs.get(cycle.get(0)).id());
        throw problem(jobs.get(cycle.get(0)), text.toString(), null);
    }

    private static ComposeException problem(JobSpec job, String message, String hint) {
        return new ComposeException(new Problem(job.mark(), job.path(), message, hint));
    }

    public WorkflowSpec workflow() {
        return workflow;
    }

    /** The jobs in the order declared; indexes below refer to this list. */
    public List<JobSpec> jobs() {
        return jobs;
    }

    public int size() {
        return jobs.size();
    }

    /** The index of job {@code id}, or -1. */
    public int indexOf(String id) {
        Integer index = indexById.get(id);
        return index == null ? -1 : index;
    }

    /**
     * What job {@code job} waits for: an AND of OR-groups of job indexes ({@code depends_on} first, then one group
     * per job read through {@code ${jobs.X}} and not named in {@code depends_on}). Do not modify.
     */
    public int[][] requirements(int job) {
        return requirements[job];
    }

    /** The jobs that wait for {@code job}, in declaration order. Do not modify. */
    public int[] dependents(int job) {
        return dependents[job];
    }

    /** The jobs {@code job} may route to. Do not modify. */
    public int[] routeTargets(int job) {
        return routeTargets[job];
    }

    /** False for routing targets: they run only when routed to. */
    public boolean isEntry(int job) {
        return entry[job];
    }

    /** True for {@code if}, {@code switch} and {@code random-router} jobs: they route and have no output. */
    public boolean isRouter(int job) {
        return router[job];
    }

    /** The jobs no other job waits for, routers excluded, in declaration order. Do not modify. */
    public int[] terminals() {
        return terminals;
    }
}
