package dev.modelcompose.components.textsplitter;

import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.value.ChunkPublisher;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.ValueText;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code type: text-splitter} component. {@code text} is a string (→ a list of chunks), a list of strings (→ a list
 * of chunk lists) or null (→ null); with {@code streaming} each text's chunks come as a stream of separate items.
 * Splitting runs on the worker pool, never on the event loop.
 */
final class TextSplitterComponent implements Component {
    private final ComponentSpec spec;
    private final Map<String, TextSplitterAction> actions;

    TextSplitterComponent(ComponentSpec spec, Map<String, TextSplitterAction> actions) {
        this.spec = spec;
        this.actions = actions;
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    @Override
    public Set<String> resultSources() {
        return Set.of(Sources.RESULT, Sources.chunkOf(Sources.RESULT));
    }

    @Override
    public Future<Object> call(ActionSpec actionSpec, Object input, CallContext context) {
        TextSplitterAction action = actions.get(actionSpec.id());
        if (action == null) {
            return Future.failedFuture(new ComponentCallException("component '" + spec.id() + "' has no action '"
                    + actionSpec.id() + "'"));
        }
        Scope scope = CallScope.of(input, context);
        Object text;
        boolean streaming;
        try {
            text = action.text().render(scope);
            streaming = ConfigFields.truth(action.streaming().render(scope), "streaming");
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Map<String, String> environment = context.services().environment();
        Future<Object> raw = ChunkStream.drainAll(text).compose(whole -> context.executeBlocking(() -> {
            TextLength length = action.tokenizer() == null ? TextLength.CHARACTERS
                    : action.tokenizer().length(environment);
            RecursiveTextSplitter splitter = action.splitter(scope, length);
            return streaming ? stream(whole, splitter, context) : split(whole, splitter);
        }));
        return raw.map(result -> action.output().apply(result, scope.with(Sources.RESULT, result)));
    }

    private static Object split(Object text, RecursiveTextSplitter splitter) {
        if (text == null) {
            return null;
        }
        if (text instanceof List<?> texts) {
            List<Object> all = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                Object item = texts.get(i);
                all.add(item == null ? null : splitter.split(textOf(item, "text[" + i + "]")));
            }
            return all;
        }
        return splitter.split(textOf(text, "text"));
    }

    private static Object stream(Object text, RecursiveTextSplitter splitter, CallContext context) {
        if (text == null) {
            return null;
        }
        if (text instanceof List<?> texts) {
            List<Object> streams = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                Object item = texts.get(i);
                streams.add(item == null ? null : publish(textOf(item, "text[" + i + "]"), splitter, context));
            }
            return streams;
        }
        return publish(textOf(text, "text"), splitter, context);
    }

    /** A stream of separate chunks, produced on the worker pool while the consumer reads. */
    private static ChunkStream publish(String text, RecursiveTextSplitter splitter, CallContext context) {
        ChunkPublisher publisher = new ChunkPublisher(false);
        context.executeBlocking(() -> splitter.split(text, chunk -> publisher.emit(chunk) && !publisher.isCancelled()))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        publisher.end();
                    } else {
                        publisher.fail(done.cause());
                    }
                });
        return publisher;
    }

    private static String textOf(Object value, String field) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof byte[] || value instanceof Number || value instanceof Boolean) {
            return ValueText.of(value);
        }
        throw new ComponentCallException(field + " must be a string or a list of strings, got "
                + ValueText.describe(value));
    }
}
