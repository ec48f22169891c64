package dev.modelcompose.drivers.onnx;

import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code onnx} driver: ONNX Runtime sessions with Hugging Face tokenizers. */
public final class OnnxModelDriver implements ModelDriver {
    static final Set<String> TASKS = new LinkedHashSet<>(List.of("text-embedding", "text-classification",
            "text-reranking", "text-generation", "chat-completion"));

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public Set<String> tasks() {
        return TASKS;
    }

    @Override
    public Set<String> formats() {
        return Set.of("onnx");
    }

    @Override
    public LoadedModel load(ModelLoadRequest request) {
        throw new ModelException("not yet implemented");
    }
}
