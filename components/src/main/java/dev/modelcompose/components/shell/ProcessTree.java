package dev.modelcompose.components.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process and everything it started: destroy() now, destroyForcibly() on what is still alive after a grace.
 * The grace is timed by the JDK, not by Vert.x, so it still ends when the runtime has closed in the meantime; a tree
 * still in its grace when the JVM exits is killed forcibly by a shutdown hook.
 */
final class ProcessTree {
    static final long GRACE_MILLIS = 2000;
    private static final Set<ProcessHandle> DYING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessTree::killDying, "shell-process-reaper"));
    }

    private ProcessTree() {
    }

    static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        DYING.addAll(tree);
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture.runAsync(() -> tree.forEach(ProcessTree::killNow),
                CompletableFuture.delayedExecutor(GRACE_MILLIS, TimeUnit.MILLISECONDS));
    }

    private static void killNow(ProcessHandle process) {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        DYING.remove(process);
    }

    private static void killDying() {
        List.copyOf(DYING).forEach(ProcessTree::killNow);
    }
}
