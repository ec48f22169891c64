package dev.modelcompose.components.shell;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/** Stops a process and everything it started: destroy() now, destroyForcibly() on what is still alive after a grace. */
final class ProcessTree {
    static final long GRACE_MILLIS = 2000;

    private ProcessTree() {
    }

    static void kill(Process process, Vertx vertx) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        vertx.setTimer(GRACE_MILLIS, id -> tree.stream().filter(ProcessHandle::isAlive)
                .forEach(ProcessHandle::destroyForcibly));
    }
}
