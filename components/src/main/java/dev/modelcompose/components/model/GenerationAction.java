package dev.modelcompose.components.model;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.GenerationParams;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.TokenSink;
import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.ValueText;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code task: text-generation} ({@code prompt}: a string, or a list for one reply each) and
 * {@code task: chat-completion} ({@code messages}, {@code tools}): length fields, {@code stop_sequences},
 * {@code params} and {@code streaming}. Gives the generated text, or with {@code streaming} a stream of text deltas
 * that ends when generation ends; cancelling the stream or the call stops generation.
 */
final class GenerationAction implements ModelAction {
    static final List<String> KNOWN_PARAMS = List.of("do_sample", "temperature", "top_k", "top_p",
            "repetition_penalty", "repeat_penalty", "seed", "json_schema", "grammar");

    private final ModelInstance model;
    private final boolean chat;

    GenerationAction(ModelInstance model, boolean chat) {
        this.model = model;
        this.chat = chat;
    }

    @Override
    public Future<Object> call(CallValues values, CallContext context) {
        GenerationParams params = params(values);
        boolean streaming = values.flag("streaming", false);
        Integer returns = values.integer("num_return_sequences", 1);
        if (returns != null && returns != 1) {
            throw new ComponentCallException("num_return_sequences must be 1 (one reply per prompt), got " + returns);
        }
        List<GenerationRequest> requests = new ArrayList<>();
        boolean list = false;
        if (chat) {
            requests.add(new GenerationRequest(null, messages(values.raw("messages")), tools(values.raw("tools")),
                    params));
        } else {
            CallValues.Texts prompts = values.texts("prompt");
            list = prompts.list();
            prompts.texts().forEach(prompt -> requests.add(new GenerationRequest(prompt, null, null, params)));
        }
        if (streaming) {
            if (list) {
                throw new ComponentCallException("streaming takes one prompt, got a list of " + requests.size()
                        + "; call the component once per prompt (a for-each job) to stream each");
            }
            return stream(requests.get(0), context);
        }
        Cancellation stop = context.cancellation().child();
        List<Future<String>> replies = new ArrayList<>();
        for (GenerationRequest request : requests) {
            replies.add(model.run(loaded -> loaded.generate(request, TokenSink.IGNORE, stop).text()));
        }
        boolean many = list;
        return Future.all(replies).map(all -> {
            if (context.cancellation().isCancelled()) {
                throw new CancellationException(context.cancellation().reason());
            }
            List<Object> texts = new ArrayList<>();
            replies.forEach(reply -> texts.add(reply.result()));
            return many ? texts : texts.get(0);
        });
    }

    /** Starts generating on a worker thread and hands back the stream of deltas at once. */
    private Future<Object> stream(GenerationRequest request, CallContext context) {
        Context home = context.vertx().getOrCreateContext();
        ChunkPublisher deltas = new ChunkPublisher(true);
        Cancellation stop = new Cancellation();
        context.cancellation().onCancel(() -> {
            stop.cancel(context.cancellation().reason());
            onHome(home, () -> deltas.fail(new CancellationException(context.cancellation().reason())));
        });
        deltas.onCancel(() -> stop.cancel("stream cancelled"));
        TokenSink sink = delta -> {
            if (deltas.isCancelled() || stop.isCancelled()) {
                return false;
            }
            onHome(home, () -> deltas.emit(delta));
            return true;
        };
        model.run(loaded -> loaded.generate(request, sink, stop)).onComplete(done -> onHome(home, () -> {
            if (done.failed()) {
                deltas.fail(done.cause());
            } else {
                deltas.end();
            }
        }));
        return Future.succeededFuture(deltas);
    }

    private static void onHome(Context home, Runnable action) {
        try {
            home.runOnContext(v -> action.run());
        } catch (RejectedExecutionException closed) {
            // the runtime has closed: nobody listens any more
        }
    }

    static GenerationParams params(CallValues values) {
        Map<String, Object> params = values.mapping("params");
        Map<String, Object> extra = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            if (!KNOWN_PARAMS.contains(key)) {
                extra.put(key, value);
            }
        });
        Double repetition = CallValues.decimal("params.repetition_penalty", params.get("repetition_penalty"));
        if (repetition == null) {
            repetition = CallValues.decimal("params.repeat_penalty", params.get("repeat_penalty"));
        }
        Integer seed = CallValues.integer("params.seed", params.get("seed"), 0);
        Object schema = params.get("json_schema");
        if (schema != null && !(schema instanceof Map)) {
            throw new ComponentCallException("params.json_schema must be a mapping (a JSON schema), got "
                    + ValueText.describe(schema));
        }
        Object grammar = params.get("grammar");
        if (grammar != null && !(grammar instanceof String)) {
            throw new ComponentCallException("params.grammar must be a string (a GBNF grammar), got "
                    + ValueText.describe(grammar));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> jsonSchema = (Map<String, Object>) schema;
        Double temperature = CallValues.decimal("params.temperature", params.get("temperature"));
        if (temperature != null && temperature < 0) {
            throw new ComponentCallException("params.temperature must be 0 or more, got " + temperature);
        }
        Double topP = CallValues.decimal("params.top_p", params.get("top_p"));
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw new ComponentCallException("params.top_p must be above 0 and at most 1, got " + topP);
        }
        Object doSample = params.get("do_sample");
        return new GenerationParams(values.integer("max_output_length", 1), values.integer("min_output_length", 0),
                doSample == null ? null : CallValues.flag("params.do_sample", doSample, true), temperature,
                CallValues.integer("params.top_k", params.get("top_k"), 1), topP, repetition,
                seed == null ? null : seed.longValue(), values.strings("stop_sequences"), jsonSchema,
                (String) grammar, Map.copyOf(extra));
    }

    /** {@code messages}: one message mapping or a list of them, each with a role. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> messages(Object value) {
        List<?> items = value instanceof Map<?, ?> one ? List.of(one) : value instanceof List<?> list ? list : null;
        if (items == null || items.isEmpty()) {
            throw new ComponentCallException("messages must be a message {role, content} or a non-empty list of"
                    + " them, got " + (value == null ? "nothing (is the input field set?)"
                    : items == null ? ValueText.describe(value) : "an empty list"));
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> message)) {
                throw new ComponentCallException("messages[" + i + "] must be a mapping {role, content}, got "
                        + ValueText.describe(items.get(i)));
            }
            if (!(message.get("role") instanceof String)) {
                throw new ComponentCallException("messages[" + i + "] needs a role (system, user, assistant, tool)");
            }
            messages.add((Map<String, Object>) message);
        }
        return List.copyOf(messages);
    }

    static List<Object> tools(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (value instanceof Map<?, ?> one) {
            return List.of(one);
        }
        throw new ComponentCallException("tools must be a list of tool definitions, got " + ValueText.describe(value));
    }
}
