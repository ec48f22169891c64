package dev.modelcompose.drivers.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.modelcompose.engine.spi.model.ModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A session's inputs and outputs: what the encoder tasks read from them, and how messages describe them. */
record ModelSignature(String modelName, Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {

    /** Output names that carry token vectors, by preference, then the one that carries pooled text vectors. */
    static final List<String> TOKEN_OUTPUTS = List.of("last_hidden_state", "token_embeddings");
    static final String SENTENCE_OUTPUT = "sentence_embedding";
    static final String LOGITS = "logits";

    static ModelSignature of(String modelName, OrtSession session) {
        try {
            return new ModelSignature(modelName, new LinkedHashMap<>(session.getInputInfo()),
                    new LinkedHashMap<>(session.getOutputInfo()));
        } catch (OrtException e) {
            throw new ModelException("model " + modelName + ": cannot read its inputs and outputs: "
                    + e.getMessage(), e);
        }
    }

    /** An output and its rank: 3 for token vectors {@code [batch, sequence, dim]}, 2 for text vectors. */
    record Output(String name, int rank) {
    }

    /**
     * The output that gives text embeddings: last_hidden_state, token_embeddings, sentence_embedding, else the one
     * float output of rank 2 or 3 that is not {@code logits}.
     */
    Optional<Output> embeddingOutput() {
        for (String name : TOKEN_OUTPUTS) {
            if (isFloat(name, 3)) {
                return Optional.of(new Output(name, 3));
            }
        }
        if (isFloat(SENTENCE_OUTPUT, 2)) {
            return Optional.of(new Output(SENTENCE_OUTPUT, 2));
        }
        List<Output> candidates = new ArrayList<>();
        for (String name : outputs.keySet()) {
            if (!name.equals(LOGITS) && isFloat(name, 3)) {
                candidates.add(new Output(name, 3));
            } else if (!name.equals(LOGITS) && isFloat(name, 2)) {
                candidates.add(new Output(name, 2));
            }
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    /** {@code logits [batch, classes]}, when the model has it. */
    boolean hasLogits() {
        return isFloat(LOGITS, 2);
    }

    /** The number of classes when the logits' last dimension is fixed, else -1. */
    int logitsClasses() {
        return ((TensorInfo) outputs.get(LOGITS).getInfo()).getShape()[1] > 0
                ? (int) ((TensorInfo) outputs.get(LOGITS).getInfo()).getShape()[1] : -1;
    }

    /** Dimension {@code index} of input_ids when the model fixes it (a static-shape export), else -1. */
    int fixedInputDim(int index) {
        long[] shape = ((TensorInfo) inputs.get("input_ids").getInfo()).getShape();
        return index < shape.length && shape[index] > 0 ? (int) shape[index] : -1;
    }

    /** Whether every input is one the tokenizer feeds, input_ids among them. */
    boolean hasEncoderInputs() {
        return inputs.containsKey("input_ids") && EncodedBatch.INPUTS.containsAll(inputs.keySet());
    }

    private boolean isFloat(String name, int rank) {
        NodeInfo info = outputs.get(name);
        return info != null && info.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT
                && t.getShape().length == rank;
    }

    /** The error for a model that does not fit {@code task}; {@code needs} says what the task reads. */
    ModelException mismatch(String task, String needs) {
        String hint = inputs.keySet().stream().anyMatch(n -> n.startsWith("past_key_values"))
                ? " (it looks like a decoder model: use task text-generation or chat-completion)" : "";
        return new ModelException("model " + modelName + " does not fit task " + task + ": it needs " + needs
                + "; the model has inputs " + describe(inputs) + " and outputs " + describe(outputs) + hint);
    }

    /** The needs of every encoder task: the tokenizer's inputs. */
    static final String ENCODER_INPUTS = "the inputs input_ids (attention_mask and token_type_ids optional)";

    static String describe(Map<String, NodeInfo> values) {
        return values.values().stream().map(ModelSignature::describe).collect(Collectors.joining(", "));
    }

    private static String describe(NodeInfo info) {
        if (!(info.getInfo() instanceof TensorInfo t)) {
            return info.getName() + " " + info.getInfo();
        }
        long[] shape = t.getShape();
        String[] names = t.getDimensionNames();
        List<String> dims = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (names != null && i < names.length && names[i] != null && !names[i].isEmpty()) {
                dims.add(names[i]);
            } else {
                dims.add(shape[i] >= 0 ? Long.toString(shape[i]) : "?");
            }
        }
        return info.getName() + " " + t.type.name().toLowerCase(java.util.Locale.ROOT) + "[" + String.join(", ", dims)
                + "]";
    }
}
