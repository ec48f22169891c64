package dev.modelcompose.cli.controller;

import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.ComponentSetup;
import dev.modelcompose.engine.spi.ComponentType;
import dev.modelcompose.engine.spi.ComponentTypes;
import dev.modelcompose.engine.spi.ServiceUnavailable;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static dev.modelcompose.cli.controller.ControllerIT.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run whose component cannot serve now (a managed server that is down) is a 503, not a 500. The test type borrows
 * the name vector-store: the schema knows only the documented type names.
 */
class ServiceUnavailableIT {
    @TempDir
    Path dir;

    static final class NotNow extends RuntimeException implements ServiceUnavailable {
        NotNow() {
            super("server 'llm' is restarting");
        }
    }

    static final class DownType implements ComponentType {
        @Override
        public String name() {
            return "vector-store";
        }

        @Override
        public Component create(ComponentSpec spec, ComponentSetup setup) {
            return new Component() {
                @Override
                public ComponentSpec spec() {
                    return spec;
                }

                @Override
                public Future<Object> call(ActionSpec action, Object input, CallContext context) {
                    return Future.failedFuture(new NotNow());
                }

                @Override
                public Set<String> resultSources() {
                    return Set.of("result");
                }
            };
        }
    }

    @Test
    void aComponentThatCannotServeNowGives503() throws Exception {
        try (ControllerHarness api = ControllerHarness.start(dir, """
                component: { id: llm, type: vector-store }
                workflow: { id: chat, job: { id: ask, component: llm } }
                """, ComponentTypes.of(new DownType()))) {
            var response = api.post("/workflows/runs", "{\"output_only\":true}");
            assertThat(response.statusCode()).isEqualTo(503);
            @SuppressWarnings("unchecked")
            var error = (java.util.Map<String, Object>) json(response.body()).get("error");
            assertThat(error).containsEntry("code", "service_unavailable").containsEntry("job_id", "ask");
            assertThat((String) error.get("message")).contains("server 'llm' is restarting");
        }
    }
}
