package dev.modelcompose.drivers.onnx;

import ai.onnxruntime.OrtSession;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.model.GenerationRequest;
import dev.modelcompose.engine.spi.model.GenerationResult;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.TokenSink;

/**
 * SEAM (owned by the onnxgen branch): text generation and chat completion for decoder-only ONNX models.
 * {@link OnnxModelDriver#load} opens the session (device, threads, optimisation) and, for the tasks
 * {@code text-generation} and {@code chat-completion}, builds one generator; {@link OnnxModel#generate} delegates here
 * and {@link OnnxModel#close} closes it before the session. The generator may check the model's inputs and outputs in
 * its constructor and throw a {@link ModelException} there; it owns its tokenizer (found through {@code files}).
 * This placeholder loads and then refuses to generate.
 */
final class OnnxGenerator implements AutoCloseable {
    private final String task;

    /**
     * @param files   the model's files (model, tokenizer.json, config.json, tokenizer_config.json, folder)
     * @param session the open session; the generator must not close it
     * @param request the load request (task, settings such as chat_template, options)
     */
    OnnxGenerator(ModelFiles files, OrtSession session, ModelLoadRequest request) {
        this.task = request.task();
    }

    GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancellation) {
        throw ModelException.unsupported(task);
    }

    @Override
    public void close() {
    }
}
