package dev.modelcompose.components.model;

import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.engine.models.DownloadProgress;
import dev.modelcompose.engine.models.ModelResolver;
import dev.modelcompose.engine.models.ModelSource;
import dev.modelcompose.engine.spi.model.LoadedModel;
import dev.modelcompose.engine.spi.model.ModelAdapter;
import dev.modelcompose.engine.spi.model.ModelDriver;
import dev.modelcompose.engine.spi.model.ModelDrivers;
import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ModelLoadRequest;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The model of one component: resolved and loaded once (at start with {@code preload}, else by the first call, which
 * concurrent first calls share), used by every run on the component's own worker pool ({@code max_concurrent_count}
 * threads), unloaded after {@code idle_timeout} without calls and loaded again by the next one. A failed load fails
 * the calls waiting for it; the next call tries again.
 */
final class ModelInstance {
    private final String componentId;
    private final ModelSettings settings;
    private final ModelDrivers drivers;
    private final Path baseDir;
    private Vertx vertx;
    private WorkerExecutor workers;
    private Map<String, String> environment = System.getenv();
    private DownloadProgress progress = DownloadProgress.NONE;

    private LoadedModel loaded;
    private Future<LoadedModel> loading;
    private int inFlight;
    private long idleTimer = -1;
    private long loads;
    private boolean stopped;

    ModelInstance(String componentId, ModelSettings settings, ModelDrivers drivers, Path baseDir) {
        this.componentId = componentId;
        this.settings = settings;
        this.drivers = drivers;
        this.baseDir = baseDir;
    }

    /** Opens the worker pool; the environment is what {@code ${env.X}} reads (HF_TOKEN, HF_ENDPOINT ...). */
    synchronized void open(Vertx vertx, Map<String, String> environment, DownloadProgress progress) {
        if (workers == null) {
            this.vertx = vertx;
            this.workers = vertx.createSharedWorkerExecutor("model-" + componentId + "-" + System.identityHashCode(this),
                    settings.workers());
        }
        this.environment = environment;
        this.progress = progress;
        this.stopped = false;
    }

    /** Loads the model now (with {@code preload}). */
    Future<Void> preload() {
        return acquire().<Void>mapEmpty().andThen(done -> release());
    }

    /** Runs {@code work} against the loaded model on the component's worker pool, loading it first when needed. */
    <T> Future<T> run(Function<LoadedModel, T> work) {
        return acquire().compose(model -> workers.<T>executeBlocking(() -> work.apply(model), false))
                .andThen(done -> release());
    }

    /** How many times the model was loaded (for tests of the idle unload). */
    synchronized long loads() {
        return loads;
    }

    synchronized boolean isLoaded() {
        return loaded != null;
    }

    /** Closes the model and the worker pool. */
    Future<Void> close() {
        LoadedModel toClose;
        Future<LoadedModel> pending;
        WorkerExecutor pool;
        synchronized (this) {
            stopped = true;
            cancelIdleTimer();
            toClose = loaded;
            pending = loading;
            loaded = null;
            loading = null;
            pool = workers;
            workers = null;
        }
        if (pool == null) {
            return Future.succeededFuture();
        }
        Future<Void> closedModel = toClose != null ? pool.executeBlocking(() -> {
            closeQuietly(toClose);
            return null;
        }, false) : pending != null ? pending.otherwiseEmpty().compose(model -> {
            if (model != null) {
                closeQuietly(model);
            }
            return Future.<Void>succeededFuture();
        }) : Future.succeededFuture();
        return closedModel.eventually(() -> pool.close());
    }

    private Future<LoadedModel> acquire() {
        synchronized (this) {
            inFlight++;
            if (workers == null) {
                return Future.failedFuture(new ComponentCallException("component '" + componentId
                        + "' is not started"));
            }
            cancelIdleTimer();
            if (loaded != null) {
                return Future.succeededFuture(loaded);
            }
            Future<LoadedModel> current = loading;
            if (current == null) {
                Promise<LoadedModel> promise = Promise.promise();
                current = promise.future();
                loading = current;
                workers.executeBlocking(this::load, false).onComplete(done -> {
                    synchronized (this) {
                        if (done.succeeded() && stopped) {
                            closeQuietly(done.result());
                        } else if (done.succeeded()) {
                            loaded = done.result();
                            loads++;
                        }
                        if (loading == promise.future()) {
                            loading = null;
                        }
                    }
                    if (done.succeeded() && !stopped) {
                        promise.complete(done.result());
                    } else if (done.succeeded()) {
                        promise.fail(new ComponentCallException("component '" + componentId + "' was stopped"));
                    } else {
                        promise.fail(loadFailure(done.cause()));
                    }
                });
            }
            return current;
        }
    }

    private void release() {
        synchronized (this) {
            inFlight--;
            if (inFlight == 0 && settings.idleTimeout() != null && loaded != null && !stopped) {
                idleTimer = vertx.setTimer(Math.max(1, settings.idleTimeout().toMillis()), id -> unloadIfIdle(id));
            }
        }
    }

    private void unloadIfIdle(long timer) {
        LoadedModel toClose;
        WorkerExecutor pool;
        synchronized (this) {
            if (timer != idleTimer || inFlight > 0 || loaded == null) {
                return;
            }
            idleTimer = -1;
            toClose = loaded;
            loaded = null;
            pool = workers;
        }
        pool.executeBlocking(() -> {
            closeQuietly(toClose);
            return null;
        }, false);
    }

    private void cancelIdleTimer() {
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
            idleTimer = -1;
        }
    }

    /** Resolves the model (downloading or extracting it when needed), picks the driver and loads. Blocking. */
    private LoadedModel load() {
        ModelResolver resolver = ModelResolver.fromEnvironment(environment);
        ResolvedModel model = resolver.resolve(settings.source(), progress);
        List<ModelAdapter> adapters = new ArrayList<>();
        for (ModelSettings.AdapterSource adapter : settings.adapters()) {
            adapters.add(new ModelAdapter(adapter.type(), adapter.name(), resolver.resolve(adapter.source(), progress),
                    adapter.weight()));
        }
        ModelDriver driver = driverFor(model);
        return driver.load(new ModelLoadRequest(componentId, settings.task().id(), model, settings.device(),
                settings.options(), settings.settings(), List.copyOf(adapters), baseDir));
    }

    private ModelDriver driverFor(ResolvedModel model) {
        if (settings.driver() != null) {
            return settings.driver();
        }
        ModelDriver driver = drivers.forFormat(model.format()).orElseThrow(() -> new ModelException(
                "no model driver loads " + model.format() + " models such as " + model.name() + " ("
                        + formatHint(model.format()) + ")"));
        if (!driver.tasks().contains(settings.task().id())) {
            throw new ModelException("driver '" + driver.name() + "' (chosen for the " + model.format()
                    + " model " + model.name() + ") does not run " + settings.task().id() + "; it runs "
                    + String.join(", ", driver.tasks().stream().sorted().toList()));
        }
        return driver;
    }

    private String formatHint(String format) {
        String registered = drivers.names().isEmpty() ? "no model driver is on the classpath"
                : "registered drivers: " + String.join(", ", drivers.names());
        String module = switch (format) {
            case "onnx" -> ModelDrivers.MODULES.get("onnx");
            case "gguf" -> ModelDrivers.MODULES.get("llamacpp");
            case "safetensors", "pytorch" -> ModelDrivers.MODULES.get("djl");
            default -> null;
        };
        return module == null ? registered : registered + "; add the Maven module " + module;
    }

    private ComponentCallException loadFailure(Throwable cause) {
        String message = cause instanceof ModelException || cause instanceof ComponentCallException
                ? cause.getMessage()
                : cause.getMessage() == null ? "unexpected " + cause.getClass().getSimpleName()
                : cause.getMessage();
        return new ComponentCallException("component '" + componentId + "' could not load its model: " + message,
                cause);
    }

    private static void closeQuietly(LoadedModel model) {
        try {
            model.close();
        } catch (RuntimeException ignored) {
            // the model is gone either way
        }
    }
}
