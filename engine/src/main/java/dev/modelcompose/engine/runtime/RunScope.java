package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;

import java.util.Map;

/** The sources every job template of one run reads: {@code input}, {@code jobs}, {@code context}, {@code env}. */
final class RunScope implements Scope {
    private final Object input;
    private final JobsView jobs;
    private final Map<String, Object> context;
    private final Map<String, String> environment;

    RunScope(Object input, JobsView jobs, Map<String, Object> context, Map<String, String> environment) {
        this.environment = environment;
        this.input = input;
        this.jobs = jobs;
        this.context = context;
    }

    @Override
    public Object lookup(String name) {
        switch (name) {
            case Sources.INPUT:
                return input;
            case Sources.JOBS:
                return jobs;
            case Sources.CONTEXT:
                return context;
            case Sources.ENV:
                return environment;
            default:
                return ABSENT;
        }
    }
}
