package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.graph.JobGraph;
import dev.modelcompose.engine.value.ChunkStream;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jobs} binding source of one run: {@code jobs.<id>} is {@code {output: ...}} for every completed job
 * (routers and failed jobs routed by {@code on_error.to} have a null output); jobs not completed are absent.
 * A read-only view over the scheduler's state: nothing is copied per lookup. A stream output is shared, so that
 * several readers of {@code ${jobs.X.output}} each get the whole stream.
 */
final class JobsView extends AbstractMap<String, Object> {
    private final JobGraph graph;
    private final Map<String, Object>[] entries;

    @SuppressWarnings("unchecked")
    JobsView(JobGraph graph) {
        this.graph = graph;
        this.entries = new Map[graph.size()];
    }

    void completed(int job, Object output) {
        entries[job] = Collections.singletonMap("output",
                output instanceof ChunkStream stream ? new SharedChunkStream(stream) : output);
    }

    void forget(int job) {
        entries[job] = null;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String id)) {
            return null;
        }
        int index = graph.indexOf(id);
        return index < 0 ? null : entries[index];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> done = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] != null) {
                done.put(graph.jobs().get(i).id(), entries[i]);
            }
        }
        return Collections.unmodifiableMap(done).entrySet();
    }
}
