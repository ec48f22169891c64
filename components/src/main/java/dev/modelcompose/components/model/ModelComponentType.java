package dev.modelcompose.components.model;

import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;
import dev.modelcompose.engine.spi.model.Classification;
import dev.modelcompose.engine.spi.model.ModelDrivers;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code type: model}: runs a model in-process through a {@link dev.modelcompose.engine.spi.model.ModelDriver}.
 * Component fields in {@link ModelSettings}; action fields per task in {@link CompiledModelAction}.
 */
public final class ModelComponentType implements ComponentType {
    public static final String NAME = "model";
    private static volatile ModelDrivers drivers;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Component create(ComponentSpec spec, ComponentSetup setup) {
        Path baseDir = setup.baseDir() == null ? Path.of("").toAbsolutePath() : setup.baseDir();
        ModelDrivers registered = drivers();
        ModelSettings settings = ModelSettings.read(spec.config(), baseDir, registered, spec.maxConcurrentCount());
        Map<String, CompiledModelAction> actions = new LinkedHashMap<>();
        for (ActionSpec action : spec.actions()) {
            actions.put(action.id(), CompiledModelAction.compile(action, settings.task()));
        }
        ModelInstance model = new ModelInstance(spec.id(), settings, registered, baseDir);
        ModelAction task = switch (settings.task()) {
            case TEXT_EMBEDDING -> new EmbeddingAction(new ModelBatcher<>(model, EmbeddingAction.batchCall(),
                    settings.batching(), settings.maxBatchDelay(), settings.workers()), settings.batchSize());
            case TEXT_CLASSIFICATION -> new ClassificationAction(new ModelBatcher<>(model,
                    ClassificationAction.batchCall(), settings.batching(), settings.maxBatchDelay(),
                    settings.workers()), settings.batchSize());
            case TEXT_RERANKING -> new RerankAction(model);
            case TEXT_GENERATION -> new GenerationAction(model, false);
            case CHAT_COMPLETION -> new GenerationAction(model, true);
        };
        return new ModelComponent(spec, settings, model, actions, task, System.err);
    }

    private static ModelDrivers drivers() {
        ModelDrivers found = drivers;
        if (found == null) {
            found = ModelDrivers.discover(ModelComponentType.class.getClassLoader());
            drivers = found;
        }
        return found;
    }
}
