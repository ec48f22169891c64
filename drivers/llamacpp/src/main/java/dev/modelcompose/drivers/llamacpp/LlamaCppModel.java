package dev.modelcompose.drivers.llamacpp;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.EmbeddingRequest;
import dev.modelcompose.engine.spi.model.GenerationParams;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.GenerationResult;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.TokenSink;
import dev.modelcompose.engine.value.Json;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF model loaded into llama.cpp's server loop: {@code options.parallel} slots generate at once (continuous
 * batching), more calls wait in a bounded queue. Generation streams one piece per token and stops within one token of
 * a cancellation.
 */
final class LlamaCppModel implements LoadedModel {
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final String componentId;
    private final LlamaModel model;
    private final SlotGate gate;
    private final boolean embedding;
    private volatile boolean closed;

    LlamaCppModel(String componentId, LlamaModel model, LlamaOptions options, boolean embedding) {
        this.componentId = componentId;
        this.model = model;
        this.gate = new SlotGate(componentId, options.parallel(), options.queueSize());
        this.embedding = embedding;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancellation) {
        checkOpen();
        if (embedding) {
            throw ModelException.unsupported(request.messages() == null ? "text-generation" : "chat-completion");
        }
        TokenSink out = sink == null ? TokenSink.IGNORE : sink;
        GenerationParams params = request.params() == null
                ? new GenerationParams(null, null, null, null, null, null, null, null, null, null, null, null)
                : withLengthAndStops(request.params());
        String prompt = request.messages() != null ? renderChat(request) : request.prompt();
        if (prompt == null) {
            throw new ModelException("text-generation needs a prompt");
        }
        InferenceParameters inference = inference(prompt, params);
        int inputTokens = native_(() -> model.encode(prompt).length);
        if (!gate.acquire(cancellation)) {
            return new GenerationResult("", inputTokens, 0, "cancelled");
        }
        try {
            return run(inference, params.maxOutputLengthOrDefault(), inputTokens, out, cancellation);
        } finally {
            gate.release();
        }
    }

    /** model-compose files may put {@code max_output_length} and {@code stop_sequences} inside {@code params}. */
    @SuppressWarnings("unchecked")
    private static GenerationParams withLengthAndStops(GenerationParams p) {
        Map<String, Object> extra = p.extra() == null ? Map.of() : p.extra();
        Integer max = p.maxOutputLength();
        if (max == null && extra.get("max_output_length") != null) {
            if (!(extra.get("max_output_length") instanceof Number n) || n.intValue() < 1) {
                throw new ModelException("params.max_output_length must be a positive integer, got "
                        + extra.get("max_output_length"));
            }
            max = n.intValue();
        }
        List<String> stops = p.stopSequences();
        if (stops == null && extra.get("stop_sequences") != null) {
            Object v = extra.get("stop_sequences");
            if (v instanceof String s) {
                stops = List.of(s);
            } else if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                stops = (List<String>) list;
            } else {
                throw new ModelException("params.stop_sequences must be a list of strings, got " + v);
            }
        }
        return new GenerationParams(max, p.minOutputLength(), p.doSample(), p.temperature(), p.topK(), p.topP(),
                p.repetitionPenalty(), p.seed(), stops, p.jsonSchema(), p.grammar(), extra);
    }

    private GenerationResult run(InferenceParameters inference, int maxTokens, int inputTokens, TokenSink sink,
                                 Cancellation cancellation) {
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        LlamaIterator it = native_(() -> model.generate(inference).iterator());
        while (it.hasNext()) {
            LlamaOutput output = native_(it::next);
            boolean last = !it.hasNext();
            if (!last) {
                tokens++;
            }
            if (!output.text.isEmpty()) {
                text.append(output.text);
                if (!sink.accept(output.text)) {
                    return cancel(it, text, inputTokens, tokens, last);
                }
            }
            if (!last && (closed || (cancellation != null && cancellation.isCancelled()))) {
                return cancel(it, text, inputTokens, tokens, false);
            }
        }
        return new GenerationResult(text.toString(), inputTokens, tokens, tokens >= maxTokens ? "length" : "stop");
    }

    private GenerationResult cancel(LlamaIterator it, StringBuilder text, int inputTokens, int tokens, boolean done) {
        if (!done) {
            it.cancel();
        }
        return new GenerationResult(text.toString(), inputTokens, tokens, "cancelled");
    }

    private InferenceParameters inference(String prompt, GenerationParams p) {
        InferenceParameters inference = new InferenceParameters(prompt).setNPredict(p.maxOutputLengthOrDefault());
        if (p.greedy()) {
            inference.setTemperature(0f);
        } else {
            if (p.temperature() != null) {
                inference.setTemperature(p.temperature().floatValue());
            }
            if (p.topK() != null) {
                inference.setTopK(p.topK());
            }
            if (p.topP() != null) {
                inference.setTopP(p.topP().floatValue());
            }
        }
        if (p.repetitionPenalty() != null) {
            inference.setRepeatPenalty(p.repetitionPenalty().floatValue());
        }
        if (p.seed() != null) {
            inference.setSeed((int) (long) p.seed());
        }
        if (!p.stopSequencesOrEmpty().isEmpty()) {
            inference.setStopStrings(p.stopSequencesOrEmpty().toArray(String[]::new));
        }
        if (p.jsonSchema() != null && p.grammar() != null) {
            throw new ModelException("params.json_schema and params.grammar both constrain the reply: set only one");
        }
        if (p.grammar() != null) {
            inference.setGrammar(p.grammar());
        } else if (p.jsonSchema() != null) {
            String schema;
            try {
                schema = Json.MAPPER.writeValueAsString(p.jsonSchema());
            } catch (JsonProcessingException e) {
                throw new ModelException("params.json_schema is not JSON: " + e.getOriginalMessage());
            }
            inference.setGrammar(native_(() -> LlamaModel.jsonSchemaToGrammar(schema)));
        }
        Map<String, Object> extra = p.extra() == null ? Map.of() : p.extra();
        floatParam(extra, "min_p", inference::setMinP);
        floatParam(extra, "presence_penalty", inference::setPresencePenalty);
        floatParam(extra, "frequency_penalty", inference::setFrequencyPenalty);
        if (extra.get("repeat_penalty") instanceof Number n && p.repetitionPenalty() == null) {
            inference.setRepeatPenalty(n.floatValue());
        }
        return inference;
    }

    private static void floatParam(Map<String, Object> extra, String key, java.util.function.Consumer<Float> setter) {
        Object v = extra.get(key);
        if (v instanceof Number n) {
            setter.accept(n.floatValue());
        } else if (v != null) {
            throw new ModelException("params." + key + " must be a number, got " + v);
        }
    }

    /** The chat rendered with the model's chat template (or the component's {@code chat_template}), by llama.cpp. */
    String renderChat(GenerationRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Map<String, Object> message : request.messages()) {
            Map<String, Object> m = new LinkedHashMap<>(message);
            Object content = m.get("content");
            if (content != null && !(content instanceof String) && !(content instanceof List)) {
                m.put("content", String.valueOf(content));
            }
            messages.add(m);
        }
        body.put("messages", messages);
        if (request.tools() != null && !request.tools().isEmpty()) {
            body.put("tools", request.tools());
        }
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new ModelException("messages are not JSON: " + e.getOriginalMessage());
        }
        return native_(() -> model.applyTemplate(json));
    }

    @Override
    public List<float[]> embed(EmbeddingRequest request) {
        checkOpen();
        if (!embedding) {
            throw new ModelException("model '" + componentId + "' was loaded for generation: "
                    + "use task: text-embedding to load it for embeddings");
        }
        if (request.pooling() != null) {
            throw new ModelException("params.pooling: with driver llamacpp the pooling comes from the GGUF file "
                    + "(its <architecture>.pooling_type); remove pooling");
        }
        if (!gate.acquire(null)) {
            throw new ModelException("cancelled");
        }
        try {
            List<float[]> vectors = new ArrayList<>(request.texts().size());
            for (String text : request.texts()) {
                float[] v = native_(() -> model.embed(text));
                vectors.add(request.normalize() ? normalized(v) : v);
            }
            return vectors;
        } finally {
            gate.release();
        }
    }

    private static float[] normalized(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /** Waits up to 10 s for running calls (they stop within a token once closed), then frees the model. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (gate.drain(CLOSE_WAIT_MILLIS)) {
            model.close();
        }
        // else: a call is stuck in native code; freeing the model under it would crash the JVM, so it is leaked
    }

    private void checkOpen() {
        if (closed) {
            throw new ModelException("model '" + componentId + "' is closed");
        }
    }

    /** Runs a library call, turning java-llama.cpp's (package-private) LlamaException into a ModelException. */
    private static <T> T native_(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getClass().getName().equals("de.kherud.llama.LlamaException")) {
                throw new ModelException("llama.cpp: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
