package dev.modelcompose.engine.runtime;

/** What a router job (or {@code on_error.to}) returns instead of an output: the job to run next. */
final class Route {
    final int target;

    private Route(int target) {
        this.target = target;
    }

    /** One preallocated route per job of a workflow. */
    static Route[] table(int jobCount) {
        Route[] routes = new Route[jobCount];
        for (int i = 0; i < jobCount; i++) {
            routes[i] = new Route(i);
        }
        return routes;
    }
}
