package dev.modelcompose.components.httpserver;

import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An engine in a JVM of its own for {@link EngineExitIT}: loads {@code DIR/compose.yml}, starts component
 * {@code chat}, prints {@code READY <server pid>} and waits to be killed.
 */
public final class ServerHost {
    private ServerHost() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Vertx vertx = Vertx.vertx();
        HttpServerComponent component = ServerFixture.create(dir, Files.readString(dir.resolve("compose.yml")));
        ServerFixture.await(component.start(ServerFixture.services(vertx, dir, false)));
        System.out.println("READY " + component.processInfo().orElseThrow().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
