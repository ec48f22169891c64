package dev.modelcompose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user does with {@code compose run}, {@code validate} and {@code config} beyond the conformance checklist:
 * expressions in routing, timeouts that stop processes, concurrency of for-each batches, retries, routing by weight,
 * environment forms, include and merge, and {@code config} output that loads again. Real processes, in-process CLI.
 */
class CliScenariosIT {
    private static final String ECHO = """
            components:
              - id: echo
                type: shell
                action: { command: [ echo, "${input.label}" ], output: "${result.stdout}" }
            """;

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private CliRun run(String... args) {
        return CliRun.execute(dir, Map.of(), args);
    }

    @Test
    void expressionsDecideRoutesAndFillOutputs() throws IOException {
        write("compose.yml", ECHO + """
                  - id: scorer
                    type: shell
                    action: { command: [ echo, "${input.s}" ], output: "${result.stdout as number}" }
                workflow:
                  jobs:
                    - { id: score, component: scorer, input: { s: "${input.s}" } }
                    - id: gate
                      type: if
                      input: ${jobs.score.output > 0.8 && input.strict}
                      operator: eq
                      value: true
                      if_true: pass
                      if_false: reject
                    - { id: pass, component: echo, input: { label: "pass ${jobs.score.output * 10}" } }
                    - id: reject
                      component: echo
                      input: { label: no }
                      output: { r: "${output}", level: "${jobs.score.output >= 0.5 ? 'half' : 'low'}" }
                """);
        assertThat(run("run", "--input", "{\"s\":\"0.9\",\"strict\":true}").out()).isEqualTo("\"pass 9\"\n");
        assertThat(run("run", "--input", "{\"s\":\"0.9\",\"strict\":false}").out())
                .isEqualTo("{\n  \"r\": \"no\",\n  \"level\": \"half\"\n}\n");
        assertThat(run("run", "--input", "{\"s\":\"0.3\",\"strict\":true}").out())
                .isEqualTo("{\n  \"r\": \"no\",\n  \"level\": \"low\"\n}\n");
    }

    @Test
    void aDoubledDollarIsALiteralInJobInputs() throws IOException {
        write("compose.yml", ECHO + """
                workflow:
                  job: { component: echo, input: { label: "cost $$5, write $${input.name}" } }
                """);
        CliRun cli = run("run");
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).isEqualTo("\"cost $5, write ${input.name}\"\n");
    }

    @Test
    void aJobTimeoutFailsTheRunAndStopsTheProcess() throws IOException {
        write("compose.yml", """
                components:
                  - id: long
                    type: shell
                    action: { command: [ sh, -c, "echo $$$$ > pid; exec sleep 30" ] }
                workflow:
                  job: { id: x, component: long, timeout: 1s }
                """);
        CliRun cli = run("run");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("error: job 'x' timed out after 1s\n");
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        // gone, or a zombie waiting for a parent that does not reap it
        assertThat(ProcessHandle.of(pid).map(p -> p.isAlive() && !isZombie(pid)).orElse(false)).isFalse();
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aWorkflowTimeoutFailsTheRun() throws IOException {
        write("compose.yml", """
                components:
                  - id: long
                    type: shell
                    action: { command: [ sleep, "30" ] }
                workflow:
                  timeout: 500ms
                  job: { component: long }
                """);
        CliRun cli = run("run");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("error: workflow '__workflow__' timed out after 500ms\n");
    }

    @Test
    void forEachRunsABatchConcurrently() throws IOException {
        // each item marks itself, then waits up to 5 s for its partner: only items run together see each other
        write("compose.yml", """
                components:
                  - id: meet
                    type: shell
                    action:
                      command: [ sh, -c, 'touch "$$1"; i=0; while [ $$i -lt 100 ]; do [ -e "$$2" ] && echo "$$1 met" && exit; sleep 0.05; i=$$((i+1)); done; echo "$$1 alone"', sh, "${input.me}", "${input.other}" ]
                      output: ${result.stdout}
                workflow:
                  job:
                    type: for-each
                    input: ${input.pairs}
                    batch_size: 2
                    do: { component: meet, input: "${item}" }
                """);
        CliRun cli = run("run", "--input",
                "{\"pairs\":[{\"me\":\"a\",\"other\":\"b\"},{\"me\":\"b\",\"other\":\"a\"}]}");
        assertThat(cli.out()).isEqualTo("[\n  \"a met\",\n  \"b met\"\n]\n");
    }

    @Test
    void aStreamFlowsIntoSeveralJobsAndAStreamingForEach() throws IOException {
        write("compose.yml", ECHO + """
                  - id: lines
                    type: shell
                    action: { command: [ sh, -c, "echo one; echo two; echo three" ], streaming: true }
                workflows:
                  - id: readers
                    jobs:
                      - { id: gen, component: lines }
                      - { id: t, type: filter, input: "${jobs.gen.output}", where: { input: "${item}", operator: starts-with, value: t } }
                      - { id: o, type: filter, input: "${jobs.gen.output}", where: { input: "${item}", operator: starts-with, value: o } }
                    output: { all: "${jobs.gen.output}", t: "${jobs.t.output}", o: "${jobs.o.output}" }
                  - id: each
                    jobs:
                      - { id: gen, component: lines }
                      - { id: each, type: for-each, input: "${jobs.gen.output}", do: { component: echo, input: { label: "<${item}>" } } }
                """);
        CliRun readers = run("run", "readers");
        assertThat(readers.err()).isEmpty();
        assertThat(readers.out()).isEqualTo(
                "{\n  \"all\": \"one\\ntwo\\nthree\\n\",\n  \"t\": \"two\\nthree\\n\",\n  \"o\": \"one\\n\"\n}\n");
        CliRun each = run("run", "each");
        assertThat(each.err()).isEmpty();
        assertThat(each.out()).isEqualTo("<one\n>\n<two\n>\n<three\n>\n");
    }

    @Test
    void retryWithExponentialBackoffRunsEveryAttempt() throws IOException {
        write("compose.yml", """
                components:
                  - id: flaky
                    type: shell
                    action: { command: [ sh, -c, "echo try >> attempts; echo oops" ], output: "${result.stdout as integer}" }
                workflow:
                  job:
                    component: flaky
                    retry: { max_attempt_count: 3, delay: 10ms, backoff: exponential, max_delay: 30ms }
                """);
        CliRun cli = run("run");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("error: job '__job__' failed: compose.yml:4:80: components[0].action.output: "
                + "${result.stdout as integer}: expected an integer, got the string \"oops\"\n");
        assertThat(Files.readAllLines(dir.resolve("attempts"))).hasSize(3);
    }

    @Test
    void aZeroWeightIsNeverPicked() throws IOException {
        write("compose.yml", ECHO + """
                workflow:
                  jobs:
                    - id: pick
                      type: random-router
                      mode: weighted
                      routings: [ { to: a, weight: 0 }, { to: b, weight: 2 } ]
                    - { id: a, component: echo, input: { label: A } }
                    - { id: b, component: echo, input: { label: B } }
                """);
        for (int i = 0; i < 3; i++) {
            assertThat(run("run").out()).isEqualTo("\"B\"\n");
        }
    }

    @Test
    void includedAndMergedFilesRunAndTheirConfigLoadsAgain() throws IOException {
        write("shared/blocks.yml", ECHO + """
                workflows:
                  - id: shout
                    job: { component: echo, input: { label: "SHOUT ${input.label}" } }
                """);
        write("app/compose.yml", """
                include: [ ../shared/blocks.yml ]
                components:
                  - id: sub
                    type: workflow
                    action: { workflow: shout, input: { label: "${input.who}" } }
                workflows:
                  - id: main
                    default: true
                    jobs:
                      - { id: a, component: echo, input: { label: base } }
                      - { id: s, component: sub }
                    output: { a: "${jobs.a.output}", s: "${jobs.s.output}", tags: [ 1, 2 ] }
                """);
        write("app/override.yml", """
                workflows:
                  - id: main
                    jobs:
                      - { id: a, input: { label: over } }
                    output: { tags: [ 9 ] }
                """);
        String expected = "{\n  \"a\": \"over\",\n  \"s\": \"SHOUT ada\",\n  \"tags\": [\n    9\n  ]\n}\n";
        CliRun direct = run("run", "-f", "app/compose.yml", "-f", "app/override.yml", "--input", "{\"who\":\"ada\"}");
        assertThat(direct.err()).isEmpty();
        assertThat(direct.out()).isEqualTo(expected);

        CliRun config = run("config", "-f", "app/compose.yml", "-f", "app/override.yml");
        assertThat(config.exitCode()).isZero();
        write("merged.yml", config.out());
        assertThat(run("run", "-f", "merged.yml", "--input", "{\"who\":\"ada\"}").out()).isEqualTo(expected);
        assertThat(run("config", "-f", "merged.yml").out()).isEqualTo(config.out());
    }

    @Test
    void environmentForms() throws IOException {
        write("compose.yml", """
                workflow:
                  output:
                    a: ${env.A | 5}
                    b: ${B:-fallback}
                    c: ${C}
                    d: ${D:?set D to something}
                """);
        write(".env", "C=dotenv\nD=dotenv\n");
        assertThat(run("run").out()).isEqualTo(
                "{\n  \"a\": 5,\n  \"b\": \"fallback\",\n  \"c\": \"dotenv\",\n  \"d\": \"dotenv\"\n}\n");
        CliRun flags = CliRun.execute(dir, Map.of("A", "process", "C", "process"), "run", "-e", "C=flag", "-e", "B=");
        assertThat(flags.out()).isEqualTo(
                "{\n  \"a\": \"process\",\n  \"b\": \"fallback\",\n  \"c\": \"flag\",\n  \"d\": \"dotenv\"\n}\n");
        Files.delete(dir.resolve(".env"));
        CliRun unset = run("run", "-e", "C=x");
        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.err()).isEqualTo(
                "compose.yml:6:8: workflow.output.d: environment variable 'D' is not set: set D to something\n");
    }
}
