package dev.modelcompose.engine.controller;

import dev.modelcompose.engine.runtime.JobListener;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.value.ChunkStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One workflow run requested over HTTP: its state ({@code pending → processing → streaming? → completed | failed |
 * cancelled}), its output or error, the latest state of each job, and who is watching. Thread-safe: the run, the
 * stream's producer and HTTP handlers all touch it.
 */
final class Task implements JobListener {
    static final String PENDING = "pending";
    static final String PROCESSING = "processing";
    static final String STREAMING = "streaming";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";

    /** Someone following the task's events (the web page's {@code /tasks/{id}/events}). */
    interface Watcher {
        void onEvent(String name, Object data);

        void onEnd();
    }

    final String id;
    final String workflowId;
    final Map<String, Object> metadata;
    final Cancellation cancellation = new Cancellation();
    private String status = PENDING;
    private Object output;
    private ApiError error;
    private long finishedAtMillis;
    private ChunkStream stream;
    private Map<String, Map<String, Object>> jobStates;
    private List<Watcher> watchers;
    private final List<Object> chunksTold = new ArrayList<>();
    private List<Runnable> onFinish;

    Task(String id, String workflowId, Map<String, Object> metadata) {
        this.id = id;
        this.workflowId = workflowId;
        this.metadata = metadata;
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean isFinished() {
        return status.equals(COMPLETED) || status.equals(FAILED) || status.equals(CANCELLED);
    }

    synchronized long finishedAtMillis() {
        return finishedAtMillis;
    }

    synchronized Object output() {
        return output;
    }

    synchronized ApiError error() {
        return error;
    }

    /** Queued → started. False when it was cancelled while queued. */
    synchronized boolean begin() {
        if (!status.equals(PENDING)) {
            return false;
        }
        status = PROCESSING;
        return true;
    }

    synchronized void streaming(ChunkStream chunks) {
        if (!isFinished()) {
            status = STREAMING;
            stream = chunks;
        }
    }

    void complete(Object value) {
        settle(COMPLETED, value, null);
    }

    void fail(ApiError failure) {
        settle(FAILED, null, failure);
    }

    void cancelled(String reason) {
        settle(CANCELLED, null, new ApiError(409, "cancelled", reason));
    }

    /** Cancels the run (or the queued task); false when it had already finished. */
    boolean cancel(String reason) {
        ChunkStream chunks;
        boolean queued;
        synchronized (this) {
            if (isFinished()) {
                return false;
            }
            chunks = stream;
            queued = status.equals(PENDING);
        }
        cancellation.cancel(reason);
        if (chunks != null) {
            chunks.cancel();
        }
        if (queued || chunks != null) {
            cancelled(reason);
        }
        return true;
    }

    private void settle(String finalStatus, Object value, ApiError failure) {
        List<Watcher> toTell;
        List<Runnable> toRun;
        synchronized (this) {
            if (isFinished()) {
                return;
            }
            status = finalStatus;
            output = value;
            error = failure;
            stream = null;
            chunksTold.clear();
            finishedAtMillis = System.currentTimeMillis();
            toTell = watchers;
            watchers = null;
            toRun = onFinish;
            onFinish = null;
        }
        if (toTell != null) {
            Map<String, Object> state = toJson();
            for (Watcher watcher : toTell) {
                watcher.onEvent("task", state);
                watcher.onEnd();
            }
        }
        if (toRun != null) {
            toRun.forEach(Runnable::run);
        }
    }

    /** Runs {@code action} once the task has finished (at once if it has). */
    void whenFinished(Runnable action) {
        synchronized (this) {
            if (!isFinished()) {
                if (onFinish == null) {
                    onFinish = new ArrayList<>(2);
                }
                onFinish.add(action);
                return;
            }
        }
        action.run();
    }

    /**
     * A streamed chunk, told to the watchers as a {@code chunk} event {@code {"data": chunk}} and kept, so that a
     * watcher who comes later (the page subscribes just after it starts the run) still sees every chunk, in order.
     */
    synchronized void chunk(Object chunk) {
        chunksTold.add(chunk);
        if (watchers != null) {
            Map<String, Object> data = chunkEvent(chunk);
            watchers.forEach(w -> w.onEvent("chunk", data));
        }
    }

    private static Map<String, Object> chunkEvent(Object chunk) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("data", chunk);
        return data;
    }

    /**
     * Adds a watcher: it gets the job states and the streamed chunks so far, then every event, then the final
     * {@code task} event. Events are told under the task's lock, so a watcher sees them once and in order.
     */
    void watch(Watcher watcher) {
        boolean finished;
        synchronized (this) {
            if (jobStates != null) {
                jobStates.values().forEach(state -> watcher.onEvent("job", state));
            }
            finished = isFinished();
            if (!finished) {
                chunksTold.forEach(chunk -> watcher.onEvent("chunk", chunkEvent(chunk)));
                if (watchers == null) {
                    watchers = new ArrayList<>(2);
                }
                watchers.add(watcher);
            }
        }
        if (finished) {
            watcher.onEvent("task", toJson());
            watcher.onEnd();
        }
    }

    synchronized void unwatch(Watcher watcher) {
        if (watchers != null) {
            watchers.remove(watcher);
        }
    }

    @Override
    public void onJob(JobEvent event) {
        String state = switch (event.kind()) {
            case STARTED -> "running";
            case COMPLETED -> "done";
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
            case ROUTED -> null;
        };
        if (state == null) {
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("job_id", event.jobId());
        json.put("state", state);
        json.put("elapsed_ms", event.elapsedMillis());
        if (event.detail() != null) {
            json.put("error", event.detail());
        }
        List<Watcher> toTell;
        synchronized (this) {
            if (jobStates == null) {
                jobStates = new LinkedHashMap<>();
            }
            jobStates.put(event.jobId(), json);
            toTell = watchers == null ? null : List.copyOf(watchers);
        }
        if (toTell != null) {
            toTell.forEach(w -> w.onEvent("job", json));
        }
    }

    /** The task state: {@code {task_id, status, workflow_id, output?, error?, metadata?}}. */
    synchronized Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task_id", id);
        json.put("status", status);
        json.put("workflow_id", workflowId);
        if (status.equals(COMPLETED)) {
            json.put("output", output);
        }
        if (error != null) {
            json.put("error", error.toJson().get("error"));
        }
        if (metadata != null && !metadata.isEmpty()) {
            json.put("metadata", metadata);
        }
        return json;
    }

    /** A stream's chunks as one value, like {@link ChunkStream#drain()}: fragmented text joined, else a list. */
    static Object joined(boolean fragmented, List<Object> chunks) {
        if (fragmented && chunks.stream().allMatch(c -> c instanceof String)) {
            StringBuilder text = new StringBuilder();
            chunks.forEach(c -> text.append((String) c));
            return text.toString();
        }
        return chunks;
    }
}
