package dev.modelcompose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.runtime.ComposeRuntime;
import dev.modelcompose.engine.runtime.RunOptions;
import dev.modelcompose.engine.runtime.WorkflowFailure;
import dev.modelcompose.engine.spi.ComponentTypes;
import dev.modelcompose.engine.value.ChunkStream;
import dev.modelcompose.engine.value.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conformance checklist of model-compose (reference §8.2): the W-cases (W1-W40, shell preamble) and the R-cases
 * (R1-R36, as workflow outputs), each a compose file under {@code src/test/resources/conformance/}, run through the
 * real loader, runtime and components. Where this project differs from model-compose on purpose, the assertion is
 * ours and a comment names the difference. Most cases share one Vert.x; a few go through the CLI's {@code run} and
 * {@code validate} to check exit codes and what is printed.
 */
class ConformanceIT {
    private static final ComponentTypes TYPES = ComponentTypes.discover();
    private static Vertx vertx;
    private static Path dir;

    @BeforeAll
    static void start() throws URISyntaxException {
        vertx = Vertx.vertx();
        dir = Path.of(ConformanceIT.class.getResource("/conformance/preamble.yml").toURI()).getParent();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The chunks of a workflow output that is a stream, in order. */
    record Streamed(List<Object> chunks) {
    }

    /** Runs {@code workflow} (null: the default) of {@code file} with {@code input} (JSON); streams are collected. */
    static Object run(String file, String workflow, String input) throws Exception {
        Object inputValue = Json.parse(input);
        ComposeRuntime runtime = new ComposeRuntime(vertx, CompiledCompose.compile(
                new ComposeLoader(TYPES).load(
                        new LoadOptions(List.of(Path.of(file)), dir, List.of(), Map.of(), Map.of())), TYPES));
        try {
            return runtime.start()
                    .compose(v -> runtime.run(workflow, inputValue, RunOptions.defaults()))
                    .compose(out -> out instanceof ChunkStream stream
                            ? stream.collect().map(chunks -> (Object) new Streamed(chunks))
                            : Future.succeededFuture(out))
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            runtime.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    static Object run(String file, String input) throws Exception {
        return run(file, null, input);
    }

    /** {@code actual} as a JSON tree, so that it compares with {@link #json} and prints readably. */
    static JsonNode tree(Object actual) {
        return Json.MAPPER.valueToTree(actual);
    }

    static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    static String failure(String file, String workflow, String input) {
        return catchFailure(() -> run(file, workflow, input), WorkflowFailure.class);
    }

    static String loadError(String file) {
        return catchFailure(() -> run(file, "{}"), ComposeException.class);
    }

    private static String catchFailure(ThrowingCall call, Class<? extends Throwable> type) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (Throwable t) {
                caught[0] = t;
                throw t;
            }
        }).isInstanceOf(type);
        return caught[0].getMessage();
    }

    interface ThrowingCall {
        Object call() throws Exception;
    }

    @Nested
    class WCases {

        @Test
        void w01AJobThatReadsAnotherWaitsForIt() throws Exception {
            // deliberate difference (implicit waits): model-compose runs b at once and gives "got="
            assertThat(run("w01-implicit-wait.yml", "{}")).isEqualTo("got=A");
        }

        @Test
        void w01ThroughTheCli() {
            CliRun cli = CliRun.execute(dir, "run", "-f", "w01-implicit-wait.yml");
            assertThat(cli.exitCode()).isZero();
            assertThat(cli.out()).isEqualTo("\"got=A\"\n");
            assertThat(cli.err()).isEmpty();
        }

        @Test
        void w02DependsOn() throws Exception {
            assertThat(run("w02-depends-on.yml", "{}")).isEqualTo("got=A");
        }

        @Test
        void w03TheJobIdShorthandIsALoadError() {
            // deliberate difference (strict unknown sources): model-compose renders null and gives "got="
            CliRun cli = CliRun.execute(dir, "validate", "-f", "w03-no-shorthand-source.yml");
            assertThat(cli.exitCode()).isEqualTo(2);
            assertThat(cli.err()).isEqualTo("w03-no-shorthand-source.yml:7:73: workflow.jobs[1].input.label: "
                    + "unknown source 'a' in ${a.output} (did you mean '${jobs.a.output}'?)\n");
        }

        @Test
        void w04AnOrGroupIsWaitedForAsWritten() throws Exception {
            // as model-compose: a job named in depends_on is not waited for beyond its OR group
            assertThat(run("w04-or-group.yml", "{}")).isEqualTo("c:F:");
        }

        @Test
        void w05WithoutInputTheJobGetsTheWorkflowInput() throws Exception {
            assertThat(run("w05-no-input.yml", "absent", "{\"label\":\"FROMWF\"}")).isEqualTo("FROMWF");
            assertThat(run("w05-no-input.yml", "empty", "{\"label\":\"FROMWF\"}")).isEqualTo("FROMWF");
        }

        @Test
        void w06TerminalObjectOutputsMerge() throws Exception {
            assertThat(tree(run("w06-terminal-merge.yml", "{}"))).isEqualTo(json("{\"a\":\"A\",\"b\":\"B\"}"));
        }

        @Test
        void w07ANullTerminalOutputIsSkipped() throws Exception {
            // deliberate difference (terminal-output rule): model-compose gives null when the delay finishes last
            assertThat(tree(run("w07-terminal-null.yml", "{}"))).isEqualTo(json("{\"a\":\"A\"}"));
        }

        @Test
        void w08ANonZeroExitIsAResult() throws Exception {
            assertThat(tree(run("w08-shell-result.yml", "{}")))
                    .isEqualTo(json("{\"stdout\":\"out\",\"stderr\":\"err\",\"exit_code\":3}"));
        }

        @Test
        void w09RepeatCount() throws Exception {
            assertThat(run("w09-repeat-count.yml", "bound", "{\"n\":\"3\"}")).isEqualTo(List.of("R", "R", "R"));
            assertThat(run("w09-repeat-count.yml", "once", "{}")).isEqualTo("R");
            assertThat(loadError("w09-repeat-count-zero.yml")).isEqualTo(
                    "w09-repeat-count-zero.yml:5:62: workflow.job.repeat_count: expected at least 1, "
                            + "got an integer (0)");
        }

        @Test
        void w10If() throws Exception {
            assertThat(run("w10-if.yml", "routed", "{\"n\":\"9\"}")).isEqualTo("BIG");
            assertThat(tree(run("w10-if.yml", "both", "{\"n\":\"2\"}")))
                    .isEqualTo(json("{\"big\":null,\"small\":\"SMALL\"}"));
        }

        @Test
        void w11TheFirstFailingConditionWithIfFalseRoutes() throws Exception {
            assertThat(run("w11-if-false-first.yml", "{\"v\":2}")).isEqualTo("NO1");
        }

        @Test
        void w12SwitchWithoutInputComparesTheWorkflowInput() throws Exception {
            assertThat(run("w12-switch-no-input.yml", "\"x\"")).isEqualTo("A");
            assertThat(run("w12-switch-no-input.yml", "\"y\"")).isEqualTo("B");
        }

        @Test
        void w13Switch() throws Exception {
            assertThat(run("w13-switch.yml", "{\"kind\":\"b\"}")).isEqualTo("B");
            assertThat(run("w13-switch.yml", "{\"kind\":\"z\"}")).isEqualTo("O");
        }

        @Test
        void w14WaitingForATargetNeverRoutedTo() {
            assertThat(failure("w14-never-routed.yml", null, "{}"))
                    .isEqualTo("no job can run but jobs are still pending: loop waits for a (never routed to)");
        }

        @Test
        void w15MaxRunCount() {
            assertThat(failure("w15-max-run-count.yml", null, "{}"))
                    .isEqualTo("job 'work' has reached its max_run_count (3)");
        }

        @Test
        void w16AFailedCommandFailsTheWorkflow() {
            // deliberate difference: run exits non-zero when the workflow fails (model-compose exits 0)
            CliRun cli = CliRun.execute(dir, "run", "-f", "w16-fail.yml");
            assertThat(cli.exitCode()).isEqualTo(1);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err()).isEqualTo(
                    "error: job '__job__' failed: cannot run '/no/such/bin': No such file or directory\n");
        }

        @Test
        void w17RetryRunsEveryAttempt(@TempDir Path temp) throws Exception {
            assertThat(failure("w17-retry.yml", "fail", "{}"))
                    .isEqualTo("job '__job__' failed: cannot run '/no/such/bin': No such file or directory");
            Path attempts = temp.resolve("attempts.txt");
            String input = Json.write(Map.of("file", attempts.toString()));
            assertThat(failure("w17-retry.yml", "counted", input))
                    .endsWith("expected an integer, got the string \"oops\"");
            assertThat(Files.readAllLines(attempts)).containsExactly("attempt", "attempt", "attempt");
        }

        @Test
        void w18OnErrorIgnore() throws Exception {
            assertThat(run("w18-on-error-ignore.yml", "ignore", "{}")).isNull();
            assertThat(run("w18-on-error-ignore.yml", "retried", "{}")).isNull();
        }

        @Test
        void w19OnErrorOutput() throws Exception {
            assertThat(tree(run("w19-on-error-output.yml", "{}"))).isEqualTo(json(
                    "{\"status\":\"failed\",\"message\":\"cannot run '/no/such/bin': No such file or directory\"}"));
        }

        @Test
        void w20OnErrorTo() throws Exception {
            // deliberate difference (terminal-output rule): two terminal text outputs are keyed by job id, in
            // declaration order; model-compose gives whichever of r and d finished last
            assertThat(tree(run("w20-on-error-to.yml", "{}"))).isEqualTo(json("{\"r\":\"RECOVER\",\"d\":\"d:\"}"));
        }

        @Test
        void w21ShellTimeoutRetriedThenOutput() throws Exception {
            // our message names the limit: model-compose says "Command timed out: sleep 2"
            assertThat(run("w21-shell-timeout.yml", "{}")).isEqualTo("command timed out after 200ms: sleep 2");
        }

        @Test
        void w22ForEachKeepsTheOrder() throws Exception {
            assertThat(run("w22-for-each.yml", "{\"items\":[{\"label\":\"a\"},{\"label\":\"b\"},{\"label\":\"c\"}]}"))
                    .isEqualTo(List.of("a", "b", "c"));
        }

        @Test
        void w23ForEachWithoutDoInput() throws Exception {
            assertThat(run("w23-for-each-no-do-input.yml", "{\"items\":[{\"label\":\"x\"},{\"label\":\"y\"}]}"))
                    .isEqualTo(List.of("x", "y"));
        }

        @Test
        void w24ForEachDoOutput() throws Exception {
            assertThat(run("w24-for-each-do-output.yml", "{\"items\":[{\"label\":\"x\"},{\"label\":\"y\"}]}"))
                    .isEqualTo(List.of("got=x", "got=y"));
        }

        @Test
        void w25ForEachOverOneValueAndOverNull() throws Exception {
            assertThat(run("w25-for-each-single.yml", "{\"items\":{\"label\":\"solo\"}}")).isEqualTo("solo");
            assertThat(failure("w25-for-each-single.yml", null, "{}"))
                    .isEqualTo("job '__job__' failed: for-each input is null, expected a list");
        }

        @Test
        void w26ForEachBindsIndex() throws Exception {
            // differs from model-compose, where index is not bound in for-each ("L" three times): the issue lists
            // item/index as the loop sources
            assertThat(run("w26-for-each-index.yml", "{\"items\":[1,2,3]}")).isEqualTo(List.of("L0", "L1", "L2"));
        }

        @Test
        void w27ForEachOverAnUpstreamJsonOutput() throws Exception {
            assertThat(run("w27-for-each-upstream.yml", "{}")).isEqualTo(List.of("got=one", "got=two", "got=three"));
        }

        @Test
        void w28Filter() throws Exception {
            assertThat(run("w28-filter.yml", "{\"xs\":[1,2,3,4,5]}")).isEqualTo(List.of(3, 4, 5));
        }

        @Test
        void w29FilterOnIndex() throws Exception {
            assertThat(run("w29-filter-index.yml", "{\"xs\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"))
                    .isEqualTo(List.of("c", "d", "e"));
        }

        @Test
        void w30FilterOverOneValue() throws Exception {
            assertThat(run("w30-filter-scalar.yml", "kept", "{}")).isEqualTo("hello");
            // differs on purpose (docs/jobs-and-scheduling.md): a single value that is not kept gives null;
            // model-compose raises IndexError
            assertThat(run("w30-filter-scalar.yml", "dropped", "{}")).isNull();
        }

        @Test
        void w31FilterStreaming() throws Exception {
            assertThat(run("w31-filter-streaming.yml", "{\"xs\":[1,2,3,4]}")).isEqualTo(new Streamed(List.of(3, 4)));
        }

        @Test
        void w32FilterOverAShellStream() throws Exception {
            assertThat(run("w32-filter-shell-stream.yml", "{}"))
                    .isEqualTo(new Streamed(List.of("3\n", "4\n", "5\n")));
        }

        @Test
        void w33FilterOutputTemplate() throws Exception {
            assertThat(tree(run("w33-filter-output.yml", "{\"xs\":[1,2,3,4]}")))
                    .isEqualTo(json("{\"kept\":[3,4],\"n\":3}"));
        }

        @Test
        void w34DelayOutput() throws Exception {
            assertThat(tree(run("w34-delay-output.yml", "{}"))).isEqualTo(json("{\"done\":true}"));
        }

        @Test
        void w35ConversionsInAJobOutput() throws Exception {
            assertThat(tree(run("w35-output-conversions.yml", "{\"label\":\"5\"}")))
                    .isEqualTo(json("{\"n\":5,\"s\":\"5\",\"t\":\"x5\"}"));
        }

        @Test
        void w36AStreamedWorkflowOutput() throws Exception {
            assertThat(run("w36-stream-text.yml", "{}")).isEqualTo(new Streamed(List.of("one\n", "two\n")));
        }

        @Test
        void w36ThroughTheCliOneChunkPerLine() {
            CliRun cli = CliRun.execute(dir, "run", "-f", "w36-stream-text.yml");
            assertThat(cli.exitCode()).isZero();
            assertThat(cli.out()).isEqualTo("one\ntwo\n");
        }

        @Test
        void w37AnActionOutputPerChunk() throws Exception {
            assertThat(run("w37-stream-chunk-output.yml", "{}"))
                    .isEqualTo(new Streamed(List.of("<one\n>", "<two\n>")));
        }

        @Test
        void w38ANestedStreamIsCollected() throws Exception {
            assertThat(tree(run("w38-stream-nested.yml", "{}"))).isEqualTo(json("{\"text\":\"one\\ntwo\\n\"}"));
        }

        @Test
        void w39StreamJson() throws Exception {
            assertThat(run("w39-stream-json.yml", "{}"))
                    .isEqualTo(new Streamed(List.of("\"one\\n\"", "\"two\\n\"")));
        }

        @Test
        void w40SubWorkflow() throws Exception {
            assertThat(tree(run("w40-sub-workflow.yml", "{\"x\":\"X\"}"))).isEqualTo(json("{\"wrapped\":\"sub-X\"}"));
        }
    }

    @Nested
    class RCases {
        private static final String DATA = "{\"l\":[{\"id\":1,\"v\":\"a\"},{\"id\":2,\"v\":\"b\"}],"
                + "\"d\":{\"x\":[1,2]},\"n\":5,\"t\":true,\"xs\":[10,20,30,40,50],"
                + "\"u\":[{\"data\":{\"value\":1}}]}";

        private Object r(String workflow, String input) throws Exception {
            return run("r-cases.yml", workflow, input);
        }

        @Test
        void r01WholeStringKeepsTheNativeValue() throws Exception {
            assertThat(tree(r("r01", DATA))).isEqualTo(json("{\"x\":[1,2]}"));
        }

        @Test
        void r02TextWritesListsAsJson() throws Exception {
            // deliberate difference (JSON text interpolation): model-compose writes "x[1, 'a']"
            assertThat(r("r02", "{\"l\":[1,\"a\"]}")).isEqualTo("x[1,\"a\"]");
        }

        @Test
        void r03BooleansAndNullInText() throws Exception {
            // deliberate difference (JSON text interpolation): model-compose writes "xTrue"
            assertThat(r("r03a", DATA)).isEqualTo("xtrue");
            assertThat(r("r03b", DATA)).isEqualTo("xy");
        }

        @Test
        void r04NumbersStayNumbers() throws Exception {
            assertThat(r("r04", DATA)).isEqualTo(5);
        }

        @Test
        void r05DefaultsAreYamlScalars() throws Exception {
            // deliberate difference (YAML-scalar defaults): model-compose gives the string "5"
            assertThat(r("r05a", "{}")).isEqualTo(5);
            assertThat(r("r05b", "{}")).isEqualTo(5);
        }

        @Test
        void r06QuotedDefaultIsTheString() throws Exception {
            // deliberate difference (YAML-scalar defaults): model-compose keeps the quotes
            assertThat(r("r06", "{}")).isEqualTo("gpt-4o");
        }

        @Test
        void r07NestedDefaults() throws Exception {
            assertThat(r("r07", "{}")).isEqualTo("deep");
        }

        @Test
        void r08Wildcard() throws Exception {
            assertThat(r("r08", DATA)).isEqualTo(List.of(1, 2));
        }

        @Test
        void r09NegativeIndexAndBounds() throws Exception {
            assertThat(r("r09a", DATA)).isEqualTo(2);
            assertThat(r("r09b", DATA)).isNull();
        }

        @Test
        void r10Slices() throws Exception {
            assertThat(tree(r("r10", DATA))).isEqualTo(json("[[20,30,40,50],[40,50],[10,20,30,40],[]]"));
        }

        @Test
        void r11NoBroadcastAfterASlice() throws Exception {
            assertThat(r("r11", DATA)).isNull();
        }

        @Test
        void r12r13ObjectListProjection() throws Exception {
            assertThat(tree(r("r12", DATA))).isEqualTo(json("[{\"id\":1},{\"id\":2}]"));
            assertThat(tree(r("r13", DATA))).isEqualTo(json("[{\"value\":1}]"));
        }

        @Test
        void r14TextAndMarkdownOfAMapping() throws Exception {
            // deliberate difference (JSON text): compact JSON; model-compose writes '{"city": "서울"}' and, for
            // markdown, Python's repr "{'a': 1}"
            assertThat(r("r14a", "{\"v\":{\"city\":\"서울\"}}")).isEqualTo("{\"city\":\"서울\"}");
            assertThat(r("r14b", "{\"v\":{\"a\":1}}")).isEqualTo("{\"a\":1}");
        }

        @Test
        void r15Booleans() throws Exception {
            assertThat(r("r15", "{\"a\":\"True\",\"b\":\"1\",\"c\":\"hello\",\"d\":0}"))
                    .isEqualTo(List.of(true, true, false, false));
        }

        @Test
        void r16IntegerAndNumber() throws Exception {
            assertThat(r("r16a", "{\"v\":3.9}")).isEqualTo(3);
            assertThat(r("r16b", "{\"v\":\"-1.5\"}")).isEqualTo(-1.5);
        }

        @Test
        void r17Json() throws Exception {
            assertThat(r("r17", "{\"v\":\"[1, 2, 3]\"}")).isEqualTo(List.of(1, 2, 3));
            assertThat(r("r17", "{\"v\":\"42\"}")).isEqualTo(42);
        }

        @Test
        void r18ElementWise() throws Exception {
            assertThat(tree(r("r18", "{\"v\":[\"1\",null,\"3\"]}"))).isEqualTo(json("[1,null,3]"));
            assertThat(failure("r-cases.yml", "r18", "{\"v\":\"1\"}")).isEqualTo("workflow 'r18' output: "
                    + "r-cases.yml:73:13: workflows[22].output: ${input.v as integer[]}: "
                    + "expected a list for 'integer[]', got the string \"1\"");
        }

        @Test
        void r19ListOfAMappingFails() {
            assertThat(failure("r-cases.yml", "r19", "{\"v\":{\"a\":1}}"))
                    .endsWith("${input.v as list}: expected a list, got a mapping");
        }

        @Test
        void r20AnUnknownSourceIsALoadError() {
            // deliberate difference (strict unknown sources): model-compose renders the default "d"
            assertThat(loadError("r20-unknown-source.yml")).isEqualTo("r20-unknown-source.yml:5:11: workflow.output: "
                    + "unknown source 'foo' in ${foo.bar | d} (sources here: context, env, input, jobs)");
        }

        @Test
        void r21AdjacentBindingsAreTwo() throws Exception {
            // deliberate difference (two bindings): model-compose reads ${item}-${index} as one bogus key (null)
            assertThat(tree(r("r21", "{\"pairs\":[\"A\",\"B\"]}"))).isEqualTo(json(
                    "[{\"space\":\"A 0\",\"dash\":\"A-0\",\"glued\":\"A0\"},"
                            + "{\"space\":\"B 1\",\"dash\":\"B-1\",\"glued\":\"B1\"}]"));
        }

        @Test
        void r22DictSpread() throws Exception {
            assertThat(tree(r("r22", "{\"src\":{\"a\":1,\"b\":2}}"))).isEqualTo(json("{\"a\":1,\"b\":99}"));
        }

        @Test
        void r23ListSpread() throws Exception {
            assertThat(r("r23", "{\"xs\":[2,3]}")).isEqualTo(List.of(1, 2, 3, 4));
            assertThat(r("r23", "{\"xs\":null}")).isEqualTo(List.of(1, 4));
        }

        @Test
        void r24Map() throws Exception {
            assertThat(tree(r("r24", "{\"xs\":[{\"v\":1},{\"v\":2}]}")))
                    .isEqualTo(json("[{\"v\":1,\"i\":0},{\"v\":2,\"i\":1}]"));
        }

        @Test
        void r25MapWithWhere() throws Exception {
            assertThat(r("r25", "{\"xs\":[1,2,3,4,5]}")).isEqualTo(List.of(3, 4, 5));
        }

        @Test
        void r26MapOverNothing() throws Exception {
            assertThat(r("r26", "{}")).isEqualTo(List.of());
        }

        @Test
        void r27ConditionIfFalse() throws Exception {
            assertThat(tree(r("r27", "{\"x\":\"other\"}"))).isEqualTo(json("{\"r\":\"guest\"}"));
        }

        @Test
        void r28NoMatchKeepsTheKey() throws Exception {
            assertThat(tree(r("r28", "{\"x\":\"b\"}"))).isEqualTo(json("{\"tags\":null}"));
        }

        @Test
        void r29ConditionNextToKeysMerges() throws Exception {
            assertThat(tree(r("r29", "{\"x\":\"a\"}"))).isEqualTo(json("{\"role\":\"user\",\"meta\":\"yes\"}"));
            assertThat(tree(r("r29", "{\"x\":\"b\"}"))).isEqualTo(json("{\"role\":\"user\"}"));
        }

        @Test
        void r30FirstIfFalseShortCircuits() throws Exception {
            assertThat(r("r30", "{\"t\":2}")).isEqualTo("X");
        }

        @Test
        void r31Join() throws Exception {
            assertThat(tree(r("r31", "{}"))).isEqualTo(json(
                    "{\"text\":\"ab\",\"lists\":[1,2,3],\"maps\":{\"a\":1,\"b\":9},\"none\":null}"));
        }

        @Test
        void r32JoinOfMixedKindsFails() {
            assertThat(failure("r-cases.yml", "r32", "{}")).endsWith("'+' needs parts of one kind (all text, "
                    + "all lists or all mappings), got the string \"a\" and a list");
        }

        @Test
        void r33Split() throws Exception {
            assertThat(tree(r("r33", "{\"pts\":[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4}]}")))
                    .isEqualTo(json("{\"xs\":[1,3],\"ys\":[2,4]}"));
        }

        @Test
        void r34SplitWithoutTemplatesIsALoadError() {
            assertThat(loadError("r34-split-without-template.yml")).isEqualTo("r34-split-without-template.yml:6:5: "
                    + "workflow.output: '|' (split) needs at least one field template next to it "
                    + "(write {\"|\": ${input.points}, xs: ${item.x}, ys: ${item.y}})");
        }

        @Test
        void r35EmptyAnyAndAll() throws Exception {
            assertThat(tree(r("r35", "{\"xs\":[{\"v\":1},{\"v\":2}]}")))
                    .isEqualTo(json("{\"none\":[],\"all\":[{\"v\":1},{\"v\":2}]}"));
        }

        @Test
        void r36StartsWithWorks() throws Exception {
            // deliberate difference (starts-with): model-compose raises "Unsupported operator"
            assertThat(r("r36", "{\"xs\":[\"abc\",\"xab\",\"ab\"]}")).isEqualTo(List.of("abc", "ab"));
        }
    }
}
