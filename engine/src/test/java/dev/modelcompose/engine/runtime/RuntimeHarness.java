package dev.modelcompose.engine.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A Vert.x instance, a probe and helpers to run a fixture's workflow and wait for its result. */
abstract class RuntimeHarness {
    static Vertx vertx;
    TestComponents.Probe probe;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void newProbe() {
        probe = new TestComponents.Probe();
    }

    ComposeRuntime runtime(ComposeFixture fixture) {
        return new ComposeRuntime(vertx, CompiledCompose.compile(fixture.file(), TestComponents.types(probe)));
    }

    Object run(ComposeFixture fixture, Object input) {
        return await(runtime(fixture).run(null, input, RunOptions.defaults()));
    }

    Throwable failure(ComposeFixture fixture, Object input) {
        return failureOf(runtime(fixture).run(null, input, RunOptions.defaults()));
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("run failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Throwable failureOf(Future<?> future) {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
