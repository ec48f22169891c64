package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.spi.ComponentTypes;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.modelcompose.engine.runtime.ComposeFixture.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompiledComposeTest {
    private final ComponentTypes types = TestComponents.types(new TestComponents.Probe());

    @Test
    void compilesComponentsAndWorkflowsOnce() {
        CompiledCompose compiled = CompiledCompose.compile(new ComposeFixture()
                .component("echo", "echo")
                .component("limited", "echo", Map.of("max_concurrent_count", 2))
                .workflow("main", job("a").call("echo", "x"), job("b").dependsOn("a"))
                .file(), types);
        assertThat(compiled.components()).containsOnlyKeys("echo", "limited");
        assertThat(compiled.components().get("limited")).isInstanceOf(LimitedComponent.class);
        assertThat(compiled.workflows()).containsOnlyKeys("main");
        assertThat(compiled.workflow(JobSpec.DEFAULT_REFERENCE).orElseThrow().graph().terminals()).containsExactly(1);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ComposeFixture fixture = new ComposeFixture()
                .component("echo", "echo")
                .component("gpt", "http-clinet")
                .workflow("main",
                        job("a").call("nope", "x"),
                        job("b").body(new JobBody.ComponentCall("echo", "chat", null, null)))
                .workflow("loop", job("x").dependsOn("y"), job("y").dependsOn("x"));
        assertThatThrownBy(() -> CompiledCompose.compile(fixture.file(), types))
                .isInstanceOf(ComposeException.class)
                .hasMessage(String.join("\n",
                        "test.yml:1:1: components.gpt: unknown component type 'http-clinet' "
                                + "(registered types: echo, fail, open-stream, stream, subflow)",
                        "test.yml:2:5: workflows[0].jobs[0]: job 'a' uses unknown component 'nope' "
                                + "(components: echo, gpt)",
                        "test.yml:3:5: workflows[0].jobs[1]: component 'echo' has no action 'chat' "
                                + "(actions: __action__)",
                        "test.yml:2:5: workflows[1].jobs[0]: dependency cycle: x -> y -> x"));
    }

    @Test
    void anUnknownActionListsTheActions() {
        ComposeFixture fixture = new ComposeFixture()
                .component("echo", "echo")
                .workflow("main", job("b").body(new JobBody.ComponentCall("echo", "chat", null, null)));
        assertThatThrownBy(() -> CompiledCompose.compile(fixture.file(), types))
                .hasMessage("test.yml:2:5: workflows[0].jobs[0]: component 'echo' has no action 'chat' "
                        + "(actions: __action__)");
    }
}
