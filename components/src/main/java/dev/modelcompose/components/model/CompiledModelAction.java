package dev.modelcompose.components.model;

import dev.modelcompose.components.ActionOutput;
import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.spi.model.ModelTask;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model action's fields compiled as templates (rendered per call against input, context and env), checked
 * against its task: a field of another task is a load error, and so is a missing required one.
 */
record CompiledModelAction(Map<String, Template> fields, ActionOutput output) {

    /** Every action field a model action may have, for any task (as the schema declares them). */
    static final List<String> ALL_FIELDS = List.of("text", "prompt", "messages", "tools", "query", "documents",
            "document_field", "top_k", "score_threshold", "return_documents", "max_input_length", "max_output_length",
            "min_output_length", "num_return_sequences", "stop_sequences", "batch_size", "streaming", "params",
            "return_probabilities");

    private static final List<String> GENERATION = List.of("max_input_length", "max_output_length",
            "min_output_length", "num_return_sequences", "stop_sequences", "batch_size", "streaming", "params");

    /** The fields each task reads; the first ones are required. */
    static List<String> fieldsOf(ModelTask task) {
        return switch (task) {
            case TEXT_EMBEDDING -> List.of("text", "params", "max_input_length", "batch_size");
            case TEXT_CLASSIFICATION -> List.of("text", "return_probabilities", "max_input_length", "batch_size");
            case TEXT_RERANKING -> List.of("query", "documents", "document_field", "top_k", "score_threshold",
                    "return_documents", "params", "max_input_length", "batch_size");
            case TEXT_GENERATION -> concat(List.of("prompt"), GENERATION);
            case CHAT_COMPLETION -> concat(List.of("messages", "tools"), GENERATION);
        };
    }

    static List<String> required(ModelTask task) {
        return switch (task) {
            case TEXT_EMBEDDING, TEXT_CLASSIFICATION -> List.of("text");
            case TEXT_RERANKING -> List.of("query", "documents");
            case TEXT_GENERATION -> List.of("prompt");
            case CHAT_COMPLETION -> List.of("messages");
        };
    }

    static CompiledModelAction compile(ActionSpec action, ModelTask task) {
        ConfigMap config = action.config();
        List<String> own = fieldsOf(task);
        for (String field : ALL_FIELDS) {
            ConfigNode node = ConfigFields.node(config, field);
            if (node != null && !own.contains(field)) {
                throw ComposeException.at(node, field + " is not a field of " + task.id() + " actions",
                        task.id() + " actions take " + String.join(", ", own) + " and output");
            }
        }
        for (String field : required(task)) {
            if (ConfigFields.node(config, field) == null) {
                throw ComposeException.at(config, "a " + task.id() + " action needs " + field,
                        "for example " + field + ": ${input." + field + "}");
            }
        }
        Map<String, Template> fields = new LinkedHashMap<>();
        for (String field : own) {
            Template template = ConfigFields.template(config, field, CallScope.REQUEST);
            if (template != null) {
                fields.put(field, template);
            }
        }
        String result = Sources.RESULT;
        Template output = ConfigFields.template(config, "output", ActionOutput.sources(result, Sources.chunkOf(result)));
        return new CompiledModelAction(Map.copyOf(fields), new ActionOutput(output, result,
                List.of(Sources.chunkOf(result))));
    }

    /** Renders every field (streams in them collected first). */
    Future<CallValues> render(Scope scope) {
        List<String> names = new ArrayList<>(fields.keySet());
        List<Object> rendered = new ArrayList<>(names.size());
        for (String name : names) {
            rendered.add(fields.get(name).render(scope));
        }
        return ChunkStream.drainAll(rendered).map(settled -> {
            List<?> values = (List<?>) settled;
            Map<String, Object> byName = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), values.get(i));
            }
            return new CallValues(byName);
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
