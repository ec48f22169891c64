package dev.modelcompose.cli.webui;

import dev.modelcompose.engine.controller.ControllerServer;
import dev.modelcompose.engine.controller.ControllerSettings;
import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.spi.ComponentTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A compose file served the way {@code compose up} serves it: runtime started, controller listening, page included. */
final class RunningController implements AutoCloseable {
    private final Vertx vertx;
    private final ComposeRuntime runtime;
    private final ControllerServer server;

    private RunningController(Vertx vertx, ComposeRuntime runtime, ControllerServer server) {
        this.vertx = vertx;
        this.runtime = runtime;
        this.server = server;
    }

    static RunningController start(Path composeFile) throws Exception {
        ComponentTypes types = ComponentTypes.discover();
        ComposeFile file = new ComposeLoader(types).load(LoadOptions.of(composeFile, System.getenv()));
        Vertx vertx = Vertx.vertx();
        ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(file, types));
        await(runtime.start());
        ControllerServer server = new ControllerServer(vertx, runtime, ControllerSettings.read(file.controller()));
        await(server.start());
        return new RunningController(vertx, runtime, server);
    }

    /** The page's address: {@code http://127.0.0.1:<port>/}. */
    String pageUrl() {
        return "http://127.0.0.1:" + server.webUiPort() + "/";
    }

    @Override
    public void close() throws Exception {
        try {
            await(server.shutdown());
            await(runtime.stop());
        } finally {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
