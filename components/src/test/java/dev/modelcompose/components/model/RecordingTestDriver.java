package dev.modelcompose.components.model;

import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.Classification;
import dev.modelcompose.engine.spi.model.ClassificationRequest;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.GenerationResult;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.RerankRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of a model driver ({@code driver: recording-test}): deterministic, in the JVM, no native code. It
 * records what each component (by id) asked of it: loads, closes, the size of every batch, the requests.
 * Embedding of a text: {@code [length, number of words, 1]}; classification: label {@code even}/{@code odd} by
 * length; reranking: the number of query words in the document; generation: the prompt's words (or the last
 * message's content) reversed, one word per delta. Options steer it: {@code fail} (load fails with that message),
 * {@code load_gate} (load waits until {@link #openGate} is called), {@code token_gate} (each token after the first
 * waits for {@link #openGate}), {@code hold} (each embedding or classification batch is recorded, then waits until
 * the test lets it finish with {@link #release}; {@link #awaitStarted} waits for batches to reach the driver).
 */
public final class RecordingTestDriver implements ModelDriver {
    public static final String NAME = "recording-test";

    /** What one component did. */
    public static final class Record {
        public final AtomicInteger loads = new AtomicInteger();
        public final AtomicInteger closes = new AtomicInteger();
        public final List<Integer> batches = new CopyOnWriteArrayList<>();
        public final List<Object> requests = new CopyOnWriteArrayList<>();
        public final AtomicInteger tokens = new AtomicInteger();
        public volatile ModelLoadRequest loadRequest;
        public volatile String finishReason;
        /** One permit per batch that reached the driver (with {@code hold}). */
        final Semaphore started = new Semaphore(0);
        /** Permits for held batches to finish. */
        final Semaphore released = new Semaphore(0);
    }

    private static final Map<String, Record> RECORDS = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    public static Record record(String componentId) {
        return RECORDS.computeIfAbsent(componentId, id -> new Record());
    }

    public static void reset(String componentId) {
        RECORDS.remove(componentId);
        GATES.remove(componentId);
    }

    /** Lets {@code batches} held batches of the component finish (with {@code hold}). */
    public static void release(String componentId, int batches) {
        record(componentId).released.release(batches);
    }

    /**
     * Waits (at most 20 s) until {@code batches} more held batches have reached the driver since the last call.
     *
     * @throws AssertionError when they do not come
     */
    public static void awaitStarted(String componentId, int batches) throws InterruptedException {
        if (!record(componentId).started.tryAcquire(batches, 20, TimeUnit.SECONDS)) {
            throw new AssertionError(batches + " batch(es) of '" + componentId + "' never reached the driver; it saw "
                    + record(componentId).batches);
        }
    }

    public static void openGate(String componentId) {
        gate(componentId).countDown();
    }

    private static CountDownLatch gate(String componentId) {
        return GATES.computeIfAbsent(componentId, id -> new CountDownLatch(1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> tasks() {
        return Set.of("text-embedding", "text-classification", "text-reranking", "text-generation",
                "chat-completion");
    }

    @Override
    public Set<String> formats() {
        return Set.of("safetensors");
    }

    @Override
    public LoadedModel load(ModelLoadRequest request) {
        Record record = record(request.componentId());
        record.loadRequest = request;
        Object fail = request.options().get("fail");
        if (fail != null) {
            throw new ModelException(String.valueOf(fail));
        }
        if (Boolean.TRUE.equals(request.options().get("load_gate"))) {
            await(request.componentId());
        }
        record.loads.incrementAndGet();
        boolean tokenGate = Boolean.TRUE.equals(request.options().get("token_gate"));
        boolean hold = Boolean.TRUE.equals(request.options().get("hold"));
        Object cap = request.options().get("max_batch_size");
        return new Loaded(request.componentId(), record, tokenGate, hold, cap instanceof Integer n ? n : 0);
    }

    private static void await(String componentId) {
        try {
            if (!gate(componentId).await(20, TimeUnit.SECONDS)) {
                throw new ModelException("test gate of '" + componentId + "' never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted");
        }
    }

    private static final class Loaded implements LoadedModel {
        private final String componentId;
        private final Record record;
        private final boolean tokenGate;
        private final boolean hold;
        private final int cap;

        Loaded(String componentId, Record record, boolean tokenGate, boolean hold, int cap) {
            this.componentId = componentId;
            this.record = record;
            this.tokenGate = tokenGate;
            this.hold = hold;
            this.cap = cap;
        }

        /** With {@code hold}: tells the test this batch arrived, then waits until the test releases it. */
        private void holdBatch() {
            if (!hold) {
                return;
            }
            record.started.release();
            try {
                if (!record.released.tryAcquire(20, TimeUnit.SECONDS)) {
                    throw new ModelException("held batch of '" + componentId + "' was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException("interrupted");
            }
        }

        @Override
        public List<float[]> embed(EmbeddingRequest request) {
            record.batches.add(request.texts().size());
            record.requests.add(request);
            holdBatch();
            if (request.texts().contains("fail!")) {
                throw new ModelException("cannot embed 'fail!'");
            }
            List<float[]> out = new ArrayList<>();
            for (String text : request.texts()) {
                out.add(new float[]{text.length(), words(text).size(), 1});
            }
            return out;
        }

        @Override
        public List<Classification> classify(ClassificationRequest request) {
            record.batches.add(request.texts().size());
            record.requests.add(request);
            holdBatch();
            List<Classification> out = new ArrayList<>();
            for (String text : request.texts()) {
                int id = text.length() % 2;
                out.add(new Classification(id, id == 0 ? "even" : "odd", id == 0 ? List.of(0.75, 0.25)
                        : List.of(0.25, 0.75), List.of("even", "odd")));
            }
            return out;
        }

        @Override
        public List<Double> rerank(RerankRequest request) {
            record.requests.add(request);
            Set<String> query = new HashSet<>(words(request.query()));
            List<Double> scores = new ArrayList<>();
            for (String document : request.documents()) {
                double score = words(document).stream().filter(query::contains).count();
                scores.add(request.normalize() ? score / (1 + score) : score);
            }
            return scores;
        }

        @Override
        public GenerationResult generate(GenerationRequest request, dev.modelcompose.engine.spi.model.TokenSink sink,
                                         Cancellation cancellation) {
            record.requests.add(request);
            String source = request.prompt() != null ? request.prompt()
                    : String.valueOf(request.messages().get(request.messages().size() - 1).get("content"));
            List<String> words = new ArrayList<>(words(source));
            java.util.Collections.reverse(words);
            int max = request.params().maxOutputLengthOrDefault();
            StringBuilder text = new StringBuilder();
            String reason = "stop";
            for (int i = 0; i < words.size(); i++) {
                if (i >= max) {
                    reason = "length";
                    break;
                }
                if (i > 0 && tokenGate) {
                    await(componentId);
                }
                if (cancellation.isCancelled()) {
                    reason = "cancelled";
                    break;
                }
                String delta = (i == 0 ? "" : " ") + words.get(i);
                if (request.params().stopSequencesOrEmpty().contains(words.get(i))) {
                    break;
                }
                record.tokens.incrementAndGet();
                text.append(delta);
                if (!sink.accept(delta)) {
                    reason = "cancelled";
                    break;
                }
            }
            record.finishReason = reason;
            return new GenerationResult(text.toString(), words.size(), record.tokens.get(), reason);
        }

        @Override
        public int maxBatchSize() {
            return cap;
        }

        @Override
        public void close() {
            record.closes.incrementAndGet();
        }
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
