package dev.modelcompose.engine.controller;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tasks by id. Finished tasks stay readable for {@code retentionMillis}, and at most {@code maxFinished} of them
 * are kept (the oldest go first), so memory does not grow with the number of requests served.
 */
final class TaskStore {
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Task> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger finishedCount = new AtomicInteger();
    private final long retentionMillis;
    private final int maxFinished;

    TaskStore(long retentionMillis, int maxFinished) {
        this.retentionMillis = retentionMillis;
        this.maxFinished = Math.max(1, maxFinished);
    }

    void add(Task task) {
        tasks.put(task.id, task);
        task.whenFinished(() -> finished(task));
    }

    Task get(String id) {
        return id == null ? null : tasks.get(id);
    }

    int size() {
        return tasks.size();
    }

    Iterable<Task> all() {
        return tasks.values();
    }

    private void finished(Task task) {
        finished.add(task);
        if (finishedCount.incrementAndGet() > maxFinished) {
            Task oldest = finished.poll();
            if (oldest != null) {
                finishedCount.decrementAndGet();
                tasks.remove(oldest.id, oldest);
            }
        }
    }

    /** Forgets the finished tasks older than the retention time; called by a periodic timer. */
    void expire(long nowMillis) {
        while (true) {
            Task head = finished.peek();
            if (head == null || nowMillis - head.finishedAtMillis() < retentionMillis) {
                return;
            }
            if (finished.remove(head)) {
                finishedCount.decrementAndGet();
                tasks.remove(head.id, head);
            }
        }
    }
}
