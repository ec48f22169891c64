package dev.modelcompose.drivers.djl;

import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ModelTask;

import java.util.Set;

/**
 * {@code driver: djl}: Hugging Face model folders (tokenizer.json with model.onnx, or a TorchScript model when the
 * PyTorch engine module is present) loaded through DJL {@code Criteria}, always naming the engine. Hub names are
 * resolved by the engine's model sources, never by DJL's own downloader, and DJL runs offline.
 */
public final class DjlModelDriver implements ModelDriver {
    public static final String NAME = "djl";
    private static final Set<String> TASKS = Set.of(ModelTask.TEXT_EMBEDDING.id(), ModelTask.TEXT_CLASSIFICATION.id(),
            ModelTask.TEXT_RERANKING.id());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> tasks() {
        return TASKS;
    }

    /** ONNX models default to the onnx driver; DJL is the default for nothing it shares, but loads TorchScript. */
    @Override
    public Set<String> formats() {
        return Set.of("torchscript");
    }

    @Override
    public LoadedModel load(ModelLoadRequest request) {
        if (!TASKS.contains(request.task())) {
            throw new ModelException("driver djl does not support task " + request.task()
                    + " (it supports " + String.join(", ", TASKS.stream().sorted().toList()) + ")");
        }
        DjlOffline.apply();
        DjlModelFiles files = DjlModelFiles.find(request.model());
        return new DjlModel(request, files);
    }
}
