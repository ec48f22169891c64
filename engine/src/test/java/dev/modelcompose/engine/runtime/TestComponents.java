package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;
import dev.modelcompose.engine.spi.ComponentTypes;
import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Component types for testing the scheduler without processes or servers (the real shell and http components live
 * in the components module):
 * <ul>
 *   <li>{@code echo}: returns its input, after {@code delay_ms} on a Vert.x timer when set; cancellable.</li>
 *   <li>{@code fail}: fails with {@code message} (default "boom"); with {@code succeed_after: n} the calls after
 *       the first n return their input.</li>
 *   <li>{@code stream}: returns a stream of the items of its input list ({@code fragmented: true} for text
 *       fragments).</li>
 *   <li>{@code open-stream}: returns a stream that emits its input and never ends.</li>
 *   <li>{@code subflow}: runs workflow {@code workflow} with its input, through {@code WorkflowInvoker}.</li>
 * </ul>
 * A {@link Probe} records calls, calls in flight and cancellations.
 */
final class TestComponents {
    private TestComponents() {
    }

    /** What the test components saw; thread-safe. */
    static final class Probe {
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
        private final AtomicInteger allInFlight = new AtomicInteger();
        private final AtomicInteger allMaxInFlight = new AtomicInteger();
        private final List<String> cancellations = Collections.synchronizedList(new ArrayList<>());
        private final List<String> runIds = Collections.synchronizedList(new ArrayList<>());

        void started(String component, CallContext context) {
            calls.computeIfAbsent(component, k -> new AtomicInteger()).incrementAndGet();
            int now = inFlight.computeIfAbsent(component, k -> new AtomicInteger()).incrementAndGet();
            maxInFlight.computeIfAbsent(component, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            allMaxInFlight.accumulateAndGet(allInFlight.incrementAndGet(), Math::max);
            runIds.add(context.runId());
        }

        void finished(String component) {
            inFlight.get(component).decrementAndGet();
            allInFlight.decrementAndGet();
        }

        void cancelled(String component, String reason) {
            cancellations.add(component + ": " + reason);
        }

        int calls(String component) {
            AtomicInteger count = calls.get(component);
            return count == null ? 0 : count.get();
        }

        int maxInFlight(String component) {
            AtomicInteger max = maxInFlight.get(component);
            return max == null ? 0 : max.get();
        }

        /** The most calls in flight at one time, all components together. */
        int maxInFlight() {
            return allMaxInFlight.get();
        }

        List<String> cancellations() {
            return List.copyOf(cancellations);
        }

        List<String> runIds() {
            return List.copyOf(runIds);
        }
    }

    static ComponentTypes types(Probe probe) {
        return ComponentTypes.of(new Type("echo", probe), new Type("fail", probe), new Type("stream", probe),
                new Type("open-stream", probe), new Type("subflow", probe));
    }

    private record Type(String name, Probe probe) implements ComponentType {
        @Override
        public Component create(ComponentSpec spec, ComponentSetup setup) {
            return new TestComponent(name, spec, probe);
        }
    }

    private static final class TestComponent implements Component {
        private final String kind;
        private final ComponentSpec spec;
        private final Probe probe;
        private final AtomicInteger failures = new AtomicInteger();

        TestComponent(String kind, ComponentSpec spec, Probe probe) {
            this.kind = kind;
            this.spec = spec;
            this.probe = probe;
        }

        private long number(String key, long fallback) {
            ConfigNode node = spec.config().get(key);
            return node instanceof ConfigScalar scalar && scalar.value() instanceof Number n ? n.longValue() : fallback;
        }

        @Override
        public ComponentSpec spec() {
            return spec;
        }

        @Override
        public Set<String> resultSources() {
            return Set.of("result");
        }

        @Override
        public Future<Object> call(ActionSpec action, Object input, CallContext context) {
            String id = spec.id();
            probe.started(id, context);
            switch (kind) {
                case "fail": {
                    probe.finished(id);
                    long succeedAfter = number("succeed_after", Long.MAX_VALUE);
                    if (failures.get() >= succeedAfter) {
                        return Future.succeededFuture(input);
                    }
                    failures.incrementAndGet();
                    ConfigNode message = spec.config().get("message");
                    return Future.failedFuture(new IllegalStateException(
                            message == null ? "boom" : String.valueOf(((ConfigScalar) message).value())));
                }
                case "stream": {
                    probe.finished(id);
                    boolean fragmented = spec.config().get("fragmented") != null;
                    return Future.succeededFuture(ChunkStream.of(fragmented, ((List<?>) input).toArray()));
                }
                case "open-stream": {
                    probe.finished(id);
                    ChunkPublisher open = new ChunkPublisher(false);
                    open.emit(input);
                    return Future.succeededFuture(open);
                }
                case "subflow": {
                    probe.finished(id);
                    String workflow = String.valueOf(((ConfigScalar) spec.config().get("workflow")).value());
                    return context.services().workflows().run(workflow, input, context);
                }
                default:
                    return echo(id, input, context);
            }
        }

        private Future<Object> echo(String id, Object input, CallContext context) {
            long delay = number("delay_ms", 0);
            if (delay <= 0) {
                probe.finished(id);
                return Future.succeededFuture(input);
            }
            Promise<Object> done = Promise.promise();
            long timer = context.vertx().setTimer(delay, t -> {
                probe.finished(id);
                done.tryComplete(input);
            });
            context.cancellation().onCancel(() -> {
                if (context.vertx().cancelTimer(timer)) {
                    probe.finished(id);
                }
                probe.cancelled(id, context.cancellation().reason());
                done.tryFail(new CancellationException(context.cancellation().reason()));
            });
            return done.future();
        }
    }
}
