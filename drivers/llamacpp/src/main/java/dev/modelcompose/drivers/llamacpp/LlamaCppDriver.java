package dev.modelcompose.drivers.llamacpp;

import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelAdapter;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import de.kherud.llama.args.PoolingType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code driver: llamacpp}: GGUF models in-process through java-llama.cpp (llama.cpp b4916, CPU library bundled).
 * Tasks text-generation, chat-completion (the model's own chat template) and text-embedding.
 */
public final class LlamaCppDriver implements ModelDriver {
    private static final Set<String> TASKS = Set.of("text-generation", "chat-completion", "text-embedding");

    @Override
    public String name() {
        return "llamacpp";
    }

    @Override
    public Set<String> tasks() {
        return TASKS;
    }

    @Override
    public Set<String> formats() {
        return Set.of("gguf");
    }

    @Override
    public LoadedModel load(ModelLoadRequest request) {
        if (!TASKS.contains(request.task())) {
            throw ModelException.unsupported(request.task());
        }
        LlamaOptions options = LlamaOptions.from(request.options());
        checkGpu(request.device(), options);
        Path file = ggufFile(request.model());
        GgufHeader header = GgufHeader.read(file, request.model().name());
        List<ModelAdapter> adapters = request.adapters() == null ? List.of() : request.adapters();
        for (ModelAdapter adapter : adapters) {
            if (!"lora".equals(adapter.type())) {
                throw new ModelException("peft adapter '" + adapter.name() + "' has type '" + adapter.type()
                        + "': llama.cpp applies only lora adapters");
            }
            GgufHeader.read(ggufFile(adapter.model()), adapter.model().name());
        }
        boolean embedding = "text-embedding".equals(request.task());

        ModelParameters parameters = parameters(request, options, file, adapters, embedding);
        String architecture = header.string("general.architecture");
        if (embedding && header.get(architecture + ".pooling_type") == null) {
            // a generative model records no pooling: take the last token's state (per-token vectors would be
            // returned otherwise, and the first of them is always the BOS token's)
            parameters.setPoolingType(PoolingType.LAST);
        }
        LlamaNativeLibrary.ensureLoaded();
        LlamaModel.setLogger(LogFormat.TEXT, options.verbose() ? (level, message) -> System.err.print(message)
                : (level, message) -> { });
        LlamaModel model;
        try {
            model = LoraLoading.load(parameters, adapters.stream().map(a -> new LoraLoading.Adapter(
                    ggufFile(a.model()).toString(), (float) a.weight())).toList());
        } catch (RuntimeException e) {
            if (e.getClass().getName().equals("de.kherud.llama.LlamaException")) {
                throw new ModelException("llama.cpp cannot load " + request.model().name() + ": " + e.getMessage()
                        + (adapters.isEmpty() ? "" : " (check that the lora adapters were made for this model)"), e);
            }
            throw e;
        }
        return new LlamaCppModel(request.componentId(), model, options, embedding);
    }

    private static ModelParameters parameters(ModelLoadRequest request, LlamaOptions options, Path file,
                                              List<ModelAdapter> adapters, boolean embedding) {
        ModelParameters p = new ModelParameters()
                .setModel(file.toString())
                .setCtxSize(options.nCtx())
                .setParallel(options.parallel())
                .enableJinja();
        if (options.nGpuLayers() != 0) {
            p.setGpuLayers(options.nGpuLayers());
        }
        if (!options.verbose()) {
            p.disableLog();
        }
        if (options.nThreads() != null) {
            p.setThreads(options.nThreads()).setThreadsBatch(options.nThreads());
        }
        if (options.nBatch() != null) {
            p.setBatchSize(options.nBatch());
        }
        if (options.seed() != null) {
            p.setSeed(options.seed());
        }
        Map<String, Object> settings = request.settings() == null ? Map.of() : request.settings();
        if (settings.get("chat_template") instanceof String template && !template.isBlank()) {
            p.setChatTemplate(template);
        }
        if (embedding) {
            p.enableEmbedding();
        }
        return p;
    }

    /** GPU offload needs a CUDA build of the library; the bundled one is CPU-only and would ignore it silently. */
    static void checkGpu(String device, LlamaOptions options) {
        boolean wantsGpu = "cuda".equals(device) || options.nGpuLayers() > 0;
        if (wantsGpu && System.getProperty(LlamaNativeLibrary.LIB_PATH_PROPERTY) == null) {
            String what = "cuda".equals(device) ? "device: cuda" : "n_gpu_layers: " + options.nGpuLayers();
            throw new ModelException("GPU offload (" + what + ") needs a CUDA build of java-llama.cpp's native "
                    + "library; the bundled one runs on the CPU only. Build libjllama.so with -DGGML_CUDA=ON and "
                    + "point the JVM at its folder: COMPOSE_JAVA_OPTS=-D" + LlamaNativeLibrary.LIB_PATH_PROPERTY
                    + "=/path/to/folder ./compose ... (or use device: cpu and n_gpu_layers: 0)");
        }
    }

    /** The .gguf file: the path itself, or the one .gguf file in a folder. */
    static Path ggufFile(ResolvedModel model) {
        Path path = model.path();
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new ModelException("model file " + model.name() + " does not exist");
        }
        List<Path> found;
        try (Stream<Path> files = Files.list(path)) {
            found = files.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".gguf")).sorted().toList();
        } catch (IOException e) {
            throw new ModelException("cannot list model folder " + model.name() + ": " + e.getMessage());
        }
        if (found.size() != 1) {
            throw new ModelException("model folder " + model.name() + " holds " + found.size()
                    + " .gguf files; name one with model.path"
                    + (found.isEmpty() ? "" : " (" + String.join(", ",
                    found.stream().map(f -> f.getFileName().toString()).toList()) + ")"));
        }
        return found.get(0);
    }
}
