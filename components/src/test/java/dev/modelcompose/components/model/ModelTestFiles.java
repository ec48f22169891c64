package dev.modelcompose.components.model;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.Component;
import io.vertx.core.Future;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compose files with one model component {@code id} served by {@link RecordingTestDriver}. */
final class ModelTestFiles {
    private ModelTestFiles() {
    }

    /** A model folder {@code dir/m} holding a (fake) safetensors file, which the test driver claims. */
    static void modelFolder(Path dir) {
        try {
            Files.createDirectories(dir.resolve("m"));
            Files.writeString(dir.resolve("m/model.safetensors"), "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file text: component {@code id} with {@code fields} (task, action ...) and the test driver. */
    static String file(String id, String fields) {
        return """
                components:
                  - id: %s
                    type: model
                    driver: recording-test
                    model: ./m
                """.formatted(id) + fields.indent(4) + """
                workflow:
                  jobs:
                    - component: %s
                """.formatted(id);
    }

    /** A started component. */
    static final class Started {
        final Component component;
        final ComponentSpec spec;
        final TestCallContext context;

        Started(Component component, ComponentSpec spec, TestCallContext context) {
            this.component = component;
            this.spec = spec;
            this.context = context;
        }

        Future<Object> call(Object input) {
            return call(input, context);
        }

        Future<Object> call(Object input, TestCallContext callContext) {
            return component.call(spec.action(null).orElseThrow(), input, callContext);
        }

        Object run(Object input) throws Throwable {
            return TestCallContext.await(call(input));
        }
    }

    static Started start(Path dir, String id, String fields, io.vertx.core.Vertx vertx) throws Throwable {
        modelFolder(dir);
        RecordingTestDriver.reset(id);
        ComposeFixture fixture = ComposeFixture.load(dir, file(id, fields));
        Component component = fixture.create(id);
        TestCallContext context = new TestCallContext(vertx, dir, null);
        TestCallContext.await(component.start(context));
        return new Started(component, fixture.spec(id), context);
    }
}
