package dev.modelcompose.components.workflow;

import dev.modelcompose.components.ComposeFixture;
import dev.modelcompose.components.TestCallContext;
import dev.modelcompose.engine.spi.CallContext;
import dev.modelcompose.engine.spi.Component;
import dev.modelcompose.engine.spi.WorkflowInvoker;
import dev.modelcompose.engine.value.ChunkStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static dev.modelcompose.components.TestCallContext.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The workflow component: what it passes to the engine's {@link WorkflowInvoker} and what it makes of the answer.
 * The invoker here is a recording stand-in that answers from a function; running real sub-workflows is the runtime's
 * part and is tested there.
 */
class WorkflowComponentTest {
    private static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Throwable {
        await(vertx.close());
    }

    /** Records each call and answers with {@code answer(input)}. */
    static final class RecordingWorkflowInvoker implements WorkflowInvoker {
        record Call(String workflowId, Object input, CallContext parent) {
        }

        final List<Call> calls = new CopyOnWriteArrayList<>();
        private final Function<Object, Object> answer;

        RecordingWorkflowInvoker(Function<Object, Object> answer) {
            this.answer = answer;
        }

        @Override
        public boolean exists(String workflowId) {
            return true;
        }

        @Override
        public Future<Object> run(String workflowId, Object input, CallContext parent) {
            calls.add(new Call(workflowId, input, parent));
            return Future.succeededFuture(answer.apply(input));
        }
    }

    private static final String WORKFLOWS = """
            workflows:
              - id: outer
                jobs:
                  - component: sub
              - id: inner
                jobs:
                  - component: sh
            """;

    private static final String SHELL = """
              - id: sh
                type: shell
                command: [echo, "${input.label}"]
            """;

    private ComposeFixture fixture(String component, boolean checked) {
        String yaml = "components:\n  - id: sub\n" + component.indent(4) + SHELL + WORKFLOWS;
        return checked ? ComposeFixture.load(dir, yaml) : ComposeFixture.bindOnly(dir, yaml);
    }

    private Object call(ComposeFixture fixture, Object input, TestCallContext context) throws Throwable {
        Component sub = fixture.create("sub");
        return await(sub.call(fixture.spec("sub").action(null).orElseThrow(), input, context));
    }

    @Test
    void runsTheNamedWorkflowWithTheRenderedInputAndWrapsItsOutput() throws Throwable {
        RecordingWorkflowInvoker invoker = new RecordingWorkflowInvoker(input -> ((Map<?, ?>) input).get("label"));
        TestCallContext context = new TestCallContext(vertx, dir, invoker);
        Object result = call(fixture("""
                type: workflow
                workflow: inner
                input: {label: "sub-${input.x}"}
                output: {wrapped: "${output}"}
                """, true), Map.of("x", "X"), context);
        assertThat(result).isEqualTo(Map.of("wrapped", "sub-X"));
        assertThat(invoker.calls).hasSize(1);
        assertThat(invoker.calls.get(0).workflowId()).isEqualTo("inner");
        assertThat(invoker.calls.get(0).input()).isEqualTo(Map.of("label", "sub-X"));
        assertThat(invoker.calls.get(0).parent()).isSameAs(context);
    }

    @Test
    void withoutInputTheJobsInputIsPassedOnAndWithoutOutputTheResultIsReturned() throws Throwable {
        RecordingWorkflowInvoker invoker = new RecordingWorkflowInvoker(input -> List.of("done", input));
        Object result = call(fixture("type: workflow\nworkflow: inner\n", true), Map.of("a", 1),
                new TestCallContext(vertx, dir, invoker));
        assertThat(invoker.calls.get(0).input()).isEqualTo(Map.of("a", 1));
        assertThat(result).isEqualTo(List.of("done", Map.of("a", 1)));
    }

    @Test
    void aStreamedOutputIsRenderedPerChunkWithOutputBrackets() throws Throwable {
        RecordingWorkflowInvoker invoker = new RecordingWorkflowInvoker(input -> ChunkStream.of(true, "a", "b"));
        Object result = call(fixture("type: workflow\nworkflow: inner\noutput: \"<${output[]}>\"\n", true),
                Map.of(), new TestCallContext(vertx, dir, invoker));
        assertThat(await(((ChunkStream) result).drain())).isEqualTo("<a><b>");
    }

    @Test
    void aFailingWorkflowFailsTheCall() {
        WorkflowInvoker failing = new WorkflowInvoker() {
            @Override
            public boolean exists(String workflowId) {
                return true;
            }

            @Override
            public Future<Object> run(String workflowId, Object input, CallContext parent) {
                return Future.failedFuture(new IllegalStateException("job 'sh' failed: boom"));
            }
        };
        assertThatThrownBy(() -> call(fixture("type: workflow\nworkflow: inner\n", true), Map.of(),
                new TestCallContext(vertx, dir, failing))).hasMessage("job 'sh' failed: boom");
    }

    @Test
    void unknownWorkflowIsALoadErrorWithDidYouMean() {
        assertThatThrownBy(() -> fixture("type: workflow\nworkflow: iner\n", false).create("sub"))
                .hasMessage(dir.resolve("compose.yml") + ":4:15: components[0].workflow: unknown workflow 'iner'"
                        + " (did you mean 'inner'?)");
    }

    @Test
    void unknownWorkflowFarFromAnyListsTheKnownOnes() {
        assertThatThrownBy(() -> fixture("type: workflow\nworkflow: summarise\n", false).create("sub"))
                .hasMessage(dir.resolve("compose.yml") + ":4:15: components[0].workflow: unknown workflow"
                        + " 'summarise' (known workflows: outer, inner)");
    }

    @Test
    void defaultWorkflowMustExist() {
        assertThatThrownBy(() -> fixture("type: workflow\n", false).create("sub"))
                .hasMessage(dir.resolve("compose.yml") + ":2:5: components[0]: no default workflow to call: the"
                        + " file has 2 workflows and none is marked default: true (name one with workflow: <id>,"
                        + " one of outer, inner)");
    }
}
