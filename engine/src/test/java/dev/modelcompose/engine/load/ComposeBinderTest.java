package dev.modelcompose.engine.load;

import dev.modelcompose.engine.binding.Operator;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.model.ComponentSpec;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.model.JobBody;
import dev.modelcompose.engine.model.JobSpec;
import dev.modelcompose.engine.model.OnErrorSpec;
import dev.modelcompose.engine.model.RetrySpec;
import dev.modelcompose.engine.model.WorkflowSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Binds {@code schema/valid/full.yml} (with stand-in component types) and checks the model it gives. */
class ComposeBinderTest {
    private static ComposeFile file;
    private static WorkflowSpec main;

    @BeforeAll
    static void load() throws URISyntaxException {
        file = loadValid("full.yml");
        main = file.workflows().get("main");
    }

    static ComposeFile loadValid(String name) throws URISyntaxException {
        Path path = Path.of(ComposeBinderTest.class.getResource("/schema/valid/" + name).toURI());
        LoadOptions options = new LoadOptions(List.of(path.getFileName()), path.getParent(), List.of(), Map.of(),
                Map.of());
        return new ComposeLoader(StandInComponentTypes.shellHttpClientWorkflow()).load(options);
    }

    private static JobSpec job(String id) {
        return main.job(id).orElseThrow();
    }

    @Test
    void componentsKeepTheirOrderAndInlineOnesGetTheJobId() {
        assertThat(file.components().keySet()).containsExactly("echo", "api", "sub", "big", "small",
                "helper.big");
        ComponentSpec echo = file.components().get("echo");
        assertThat(echo.type()).isEqualTo("shell");
        assertThat(echo.actions()).extracting(ActionSpec::id).containsExactly("say", "shout");
        assertThat(echo.action(JobSpec.DEFAULT_REFERENCE)).map(ActionSpec::id).contains("say");
    }

    @Test
    void actionFieldsOnAComponentWithoutActionsBecomeOneAction() {
        ComponentSpec api = file.components().get("api");
        assertThat(api.actions()).hasSize(1);
        assertThat(api.actions().get(0).id()).isEqualTo(ActionSpec.DEFAULT_ID);
        assertThat(api.actions().get(0).config()).isSameAs(api.config());
        assertThat(api.config().get("endpoint").toPlain()).isEqualTo("http://127.0.0.1:9/echo");
    }

    @Test
    void workflowFields() {
        assertThat(file.workflows().keySet()).containsExactly("main", "helper");
        assertThat(main.title()).isEqualTo("Main flow");
        assertThat(main.isDefault()).isTrue();
        assertThat(main.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(file.workflows().get("helper").isPrivate()).isTrue();
        assertThat(file.workflow(null)).map(WorkflowSpec::id).contains("main");
        assertThat(main.jobs()).extracting(JobSpec::id).containsExactly("greet", "loud", "call", "wait", "route",
                "pick", "coin", "big", "small", "each");
        assertThat(main.output().referencedJobs()).containsExactlyInAnyOrder("greet", "call");
    }

    @Test
    void controllerIsKeptAsWritten() {
        assertThat(file.controller().get("port").toPlain()).isEqualTo(8080);
        assertThat(file.controller().has("x-note")).isTrue();
    }

    @Test
    void componentJobResolvesTheDefaultActionAndCompilesInput() {
        JobBody.ComponentCall greet = (JobBody.ComponentCall) job("greet").body();
        assertThat(greet.component()).isEqualTo("echo");
        assertThat(greet.action()).isEqualTo("say");
        assertThat(greet.input().render(Scope.of("input", Map.of("name", "Ada")))).isEqualTo(Map.of("text", "Ada"));
        assertThat(greet.repeatCount()).isNull();
        assertThat(job("greet").retry()).isEqualTo(new RetrySpec(3, Duration.ZERO, false, null));
        assertThat(job("greet").timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(job("greet").maxRunCount()).isEqualTo(JobSpec.DEFAULT_MAX_RUN_COUNT);
        assertThat(job("greet").output()).isNull();
    }

    @Test
    void retryOnErrorAndMaxRunCount() {
        JobSpec loud = job("loud");
        assertThat(((JobBody.ComponentCall) loud.body()).action()).isEqualTo("shout");
        assertThat(loud.retry()).isEqualTo(new RetrySpec(4, Duration.ofMillis(500), true, Duration.ofSeconds(5)));
        assertThat(loud.onError()).isEqualTo(new OnErrorSpec(null, null));
        assertThat(loud.maxRunCount()).isEqualTo(3);
        assertThat(((JobBody.ComponentCall) loud.body()).input().referencedJobs()).containsExactly("greet");
    }

    @Test
    void dependsOnWithOrGroupRepeatCountOnErrorOutputAndJobOutput() {
        JobSpec call = job("call");
        assertThat(call.dependsOn()).containsExactly(List.of("greet"), List.of("loud", "wait"));
        JobBody.ComponentCall body = (JobBody.ComponentCall) call.body();
        assertThat(body.component()).isEqualTo("api");
        assertThat(body.action()).isEqualTo(ActionSpec.DEFAULT_ID);
        assertThat(body.repeatCount().render(Scope.of("input", Map.of()))).isEqualTo(2);
        assertThat(call.onError().output().render(Scope.of("error", Map.of("message", "boom"))))
                .isEqualTo(Map.of("failed", "boom"));
        assertThat(call.output().render(Scope.of("output", 42))).isEqualTo(Map.of("answer", 42));
    }

    @Test
    void delayJob() {
        JobSpec wait = job("wait");
        assertThat(wait.body()).isEqualTo(new JobBody.Delay(Duration.ofMillis(500), null, null));
        assertThat(wait.output().render(Scope.EMPTY)).isEqualTo(Map.of("waited", true));
    }

    @Test
    void ifJobWithAnInlineCondition() {
        JobBody.If route = (JobBody.If) job("route").body();
        assertThat(route.input().render(Scope.of("input", Map.of("n", 7)))).isEqualTo(7);
        assertThat(route.conditions()).hasSize(1);
        JobBody.IfCondition condition = route.conditions().get(0);
        assertThat(condition.input()).isNull();
        assertThat(condition.operator()).isEqualTo(Operator.GT);
        assertThat(condition.value().render(Scope.EMPTY)).isEqualTo(5);
        assertThat(condition.ifTrue()).isEqualTo("big");
        assertThat(condition.ifFalse()).isNull();
        assertThat(route.otherwise()).isEqualTo("small");
        assertThat(job("route").output()).isNull();
    }

    @Test
    void switchAndRandomRouter() {
        JobBody.Switch pick = (JobBody.Switch) job("pick").body();
        assertThat(pick.cases()).extracting(JobBody.SwitchCase::then).containsExactly("big", "small");
        assertThat(pick.cases().get(1).value().render(Scope.EMPTY)).isEqualTo("b");
        assertThat(pick.otherwise()).isEqualTo("small");
        JobBody.RandomRouter coin = (JobBody.RandomRouter) job("coin").body();
        assertThat(coin.weighted()).isTrue();
        assertThat(coin.routings()).containsExactly(new JobBody.Routing("big", 3.0), new JobBody.Routing("small", 1.0));
    }

    @Test
    void inlineComponentsAreRegisteredUnderTheJobIdOrWorkflowDotJobId() {
        assertThat(((JobBody.ComponentCall) job("big").body()).component()).isEqualTo("big");
        assertThat(file.components().get("big").type()).isEqualTo("shell");
        JobSpec helperJob = file.workflows().get("helper").jobs().get(0);
        assertThat(((JobBody.ComponentCall) helperJob.body()).component()).isEqualTo("helper.big");
    }

    @Test
    void forEachReadsItemAndIndexInDoInputAndOutputInDoOutput() {
        JobBody.ForEach each = (JobBody.ForEach) job("each").body();
        assertThat(each.batchSize()).isEqualTo(4);
        assertThat(each.component()).isEqualTo("echo");
        assertThat(each.action()).isEqualTo("say");
        assertThat(each.doInput().render(Scope.of(Map.of("item", "x", "index", 1)))).isEqualTo(Map.of("text", "x-1"));
        assertThat(each.doOutput().render(Scope.of("output", "y"))).isEqualTo("got y");
    }

    @Test
    void extensionKeysAreKeptInTheDocumentButIgnored() {
        assertThat(file.document().has("x-shared")).isTrue();
    }

    @Test
    void singularFormsGetTheDefaultIdsAndShorthandsExpand() throws URISyntaxException {
        ComposeFile single = loadValid("singular.yml");
        assertThat(single.components().keySet()).containsExactly(ComponentSpec.DEFAULT_ID);
        assertThat(single.components().get(ComponentSpec.DEFAULT_ID).actions()).extracting(ActionSpec::id)
                .containsExactly(ActionSpec.DEFAULT_ID);
        WorkflowSpec workflow = single.workflow(null).orElseThrow();
        assertThat(workflow.id()).isEqualTo(WorkflowSpec.DEFAULT_ID);
        JobSpec job = workflow.jobs().get(0);
        assertThat(job.id()).isEqualTo(JobSpec.DEFAULT_ID);
        assertThat(job.body()).isInstanceOf(JobBody.ComponentCall.class);
        JobBody.ComponentCall call = (JobBody.ComponentCall) job.body();
        assertThat(call.component()).isEqualTo(ComponentSpec.DEFAULT_ID);
        assertThat(call.action()).isEqualTo(ActionSpec.DEFAULT_ID);
        assertThat(job.retry()).isEqualTo(new RetrySpec(2, Duration.ZERO, false, null));
        assertThat(job.onError()).isEqualTo(new OnErrorSpec(null, null));
        assertThat(job.dependsOn()).isEmpty();
    }
}
