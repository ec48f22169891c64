package dev.modelcompose.drivers.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import dev.modelcompose.engine.spi.model.TokenCounter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code onnx} driver: runs ONNX models in-process with ONNX Runtime and reads their Hugging Face tokenizer.json
 * through DJL. Encoder tasks (text-embedding, text-classification, text-reranking) run in {@link OnnxModel}; the
 * generation tasks in {@link OnnxGenerator}. ONNX Runtime's native library loads on the first {@link #load}.
 */
public final class OnnxModelDriver implements ModelDriver {
    static final Set<String> TASKS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of("text-embedding",
            "text-classification", "text-reranking", "text-generation", "chat-completion")));
    private static final Set<String> GENERATION_TASKS = Set.of("text-generation", "chat-completion");

    private final Map<Path, TokenCounter> counters = new ConcurrentHashMap<>();

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
        String task = request.task();
        if (!TASKS.contains(task)) {
            throw new ModelException("the onnx driver does not support task " + task + " (it supports "
                    + String.join(", ", TASKS) + ")");
        }
        ResolvedModel model = request.model();
        if (model.format() != null && !model.format().equals("onnx")) {
            throw new ModelException("model " + model.name() + " is a " + model.format()
                    + " model; the onnx driver loads ONNX models (.onnx)");
        }
        ModelFiles files = ModelFiles.locate(model);
        OnnxSettings settings = OnnxSettings.read(files, request.settings());
        if (GENERATION_TASKS.contains(task)) {
            OrtSession session = OnnxSessions.open(files, request.device(), request.options());
            try {
                return OnnxModel.generative(files, session, new OnnxGenerator(files, session, request), settings);
            } catch (RuntimeException e) {
                closeQuietly(session);
                throw e;
            }
        }
        TextTokenizer tokenizer = TextTokenizer.open(files, settings.maxSeqLength());
        OrtSession session = null;
        try {
            session = OnnxSessions.open(files, request.device(), request.options());
            return OnnxModel.encoder(task, files, session, tokenizer, settings);
        } catch (RuntimeException e) {
            tokenizer.close();
            if (session != null) {
                closeQuietly(session);
            }
            throw e;
        }
    }

    /** Counts tokens with the model's tokenizer.json (special tokens excluded, no truncation). */
    @Override
    public Optional<TokenCounter> tokenCounter(ResolvedModel model) {
        Path path = model.path();
        ModelFiles files = Files.isDirectory(path)
                ? new ModelFiles(model.name(), path, path.resolve("model.onnx"))
                : ModelFiles.locate(model);
        Path tokenizerFile = files.tokenizer();
        return Optional.of(counters.computeIfAbsent(tokenizerFile, file -> {
            HuggingFaceTokenizer tokenizer = TextTokenizer.counting(model.name(), file);
            return text -> tokenizer.encode(text, false, false).getIds().length;
        }));
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing more to free
        }
    }
}
