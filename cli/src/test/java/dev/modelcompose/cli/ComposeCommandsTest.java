package dev.modelcompose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** validate, config and run in-process, on real files, the real loader and runtime, and real processes. */
class ComposeCommandsTest {
    private static final String TWO_COMPONENTS = """
            components:
              - id: greeter
                type: shell
                action:
                  command: [echo, "Hello, ${input.name}!"]
                  output: ${result.stdout}
              - id: shouter
                type: shell
                action:
                  command: [echo, "${input.text}"]
                  output: ${result.stdout}
            workflows:
              - id: hello
                jobs:
                  - id: greet
                    component: greeter
                    input: { name: "${input.name}" }
                output:
                  greeting: ${jobs.greet.output}
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void validatePrintsASummaryToStderrAndExitsZero() throws IOException {
        write("compose.yml", TWO_COMPONENTS);
        CliRun run = CliRun.execute(dir, "validate");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("compose.yml is valid: 2 components, 1 workflow\n");
    }

    @Test
    void fileOptionsMayComeBeforeTheCommand() throws IOException {
        write("other.yml", TWO_COMPONENTS);
        CliRun run = CliRun.execute(dir, "-f", "other.yml", "validate");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo("other.yml is valid: 2 components, 1 workflow\n");
    }

    @Test
    void validateReportsProblemsOnePerLineAndExitsTwo() throws IOException {
        write("bad.yml", """
                workflows:
                  - id: main
                    jobs:
                      - id: a
                        type: delay
                        duration: 1ms
                        depend_on: [b]
                """);
        CliRun run = CliRun.execute(dir, "validate", "-f", "bad.yml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(
                "bad.yml:7:9: workflows[0].jobs[0]: unknown key 'depend_on' (did you mean 'depends_on'?)\n");
    }

    @Test
    void aMissingFileIsAProblemNotAStackTrace() {
        CliRun run = CliRun.execute(dir, "validate", "-f", "nothing.yml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("nothing.yml: compose file not found").doesNotContain("Exception");
    }

    @Test
    void configPrintsTheMergedNormalisedFile() throws IOException {
        write("base.yml", """
                component:
                  id: say
                  type: shell
                  command: [echo, "${input.text}"]
                workflow:
                  id: main
                  job: { component: say, retry: 3 }
                """);
        write("override.yml", """
                components:
                  - id: say
                    timeout: ${SAY_TIMEOUT:-5s}
                """);
        CliRun run = CliRun.execute(dir, "config", "-f", "base.yml", "-f", "override.yml");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                components:
                  - id: say
                    type: shell
                    command:
                      - echo
                      - "${input.text}"
                    timeout: 5s
                workflows:
                  - id: main
                    jobs:
                      - id: __job__
                        component: say
                        retry:
                          max_attempt_count: 3
                """);
    }

    @Test
    void configKeepsLiteralDollarsSoThatItsOutputLoadsToTheSameFile() throws IOException {
        write("compose.yml", """
                workflow:
                  job: { type: delay, duration: 0 }
                  output: { pid: "pid $$$$", cost: "cost $$5", literal: "$${input.x}", price: "${PRICE}", bound: "${input.y}" }
                """);
        Map<String, String> env = Map.of("PRICE", "9$$");
        String expected = "{\n  \"pid\": \"pid $$\",\n  \"cost\": \"cost $5\",\n  \"literal\": \"${input.x}\",\n"
                + "  \"price\": \"9$$\",\n  \"bound\": \"y\"\n}\n";
        assertThat(CliRun.execute(dir, env, "run", "--input", "{\"y\":\"y\"}").out()).isEqualTo(expected);
        CliRun config = CliRun.execute(dir, env, "config");
        assertThat(config.out()).contains("pid: pid $$$$\n", "cost: cost $$5\n", "literal: \"$${input.x}\"\n",
                "price: 9$$$$\n");
        write("config.yml", config.out());
        assertThat(CliRun.execute(dir, Map.of(), "run", "-f", "config.yml", "--input", "{\"y\":\"y\"}").out())
                .isEqualTo(expected);
    }

    @Test
    void envOverridesWinOverEnvFilesAndTheProcessEnvironment() throws IOException {
        write("compose.yml", """
                components:
                  - id: say
                    type: shell
                    action:
                      command: [echo, "${A}-${B}-${C}"]
                      output: ${result.stdout}
                workflow:
                  id: main
                  job: { id: say, component: say }
                """);
        write("vars.env", "A=file\nB=file\nC=file\n");
        CliRun run = CliRun.execute(dir, Map.of("B", "process", "C", "process"),
                "run", "--env-file", "vars.env", "-e", "C=flag");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("\"file-process-flag\"\n");
    }

    @Test
    void runTimeEnvBindingsSeeTheSameVariablesAsTheLoader() throws IOException {
        // ${env.X} inside an expression is evaluated at run time, not substituted at load: it must still see
        // .env files, the process environment and -e overrides, in the same precedence
        write("compose.yml", """
                workflow:
                  id: main
                  jobs:
                    - { id: wait, type: delay, duration: 0 }
                  output:
                    mode: "${env.MODE == 'prod' ? 'production' : 'other'}"
                    region: ${env.REGION | none}
                    home: ${env.HOME_DIR}
                """);
        write(".env", "MODE=dev\nREGION=eu\n");
        CliRun run = CliRun.execute(dir, Map.of("HOME_DIR", "/home/ada"), "run", "-e", "MODE=prod");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                {
                  "mode": "production",
                  "region": "eu",
                  "home": "/home/ada"
                }
                """);
    }

    @Test
    void runPrintsTheOutputAsPrettyJson() throws IOException {
        write("compose.yml", TWO_COMPONENTS);
        CliRun run = CliRun.execute(dir, "run", "hello", "--input", "{\"name\":\"Ådå\"}");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                {
                  "greeting": "Hello, Ådå!"
                }
                """);
    }

    @Test
    void runReadsTheInputFromAFile() throws IOException {
        write("compose.yml", TWO_COMPONENTS);
        write("in/ada.json", "{\"name\": \"Ada\"}");
        CliRun run = CliRun.execute(dir, "run", "--input", "@in/ada.json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("{\n  \"greeting\": \"Hello, Ada!\"\n}\n");
    }

    @Test
    void aStreamedOutputPrintsOneChunkPerLine() throws IOException {
        write("compose.yml", """
                components:
                  - id: lines
                    type: shell
                    action:
                      command: [printf, "one\\ntwo\\nthree\\n"]
                      streaming: true
                workflows:
                  - id: main
                    jobs:
                      - id: print
                        component: lines
                """);
        CliRun run = CliRun.execute(dir, "run");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void aFailedJobPrintsOneLineAndExitsOne() throws IOException {
        write("compose.yml", """
                components:
                  - id: slow
                    type: shell
                    action:
                      command: [sleep, "5"]
                      timeout: 100ms
                workflows:
                  - id: main
                    jobs:
                      - id: nap
                        component: slow
                """);
        CliRun run = CliRun.execute(dir, "run");
        assertThat(run.out()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: job 'nap' failed: ").endsWith("\n");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void aFailureMessageWritesSecretsOfTheEnvironmentAsStars() throws IOException {
        write("compose.yml", """
                components:
                  - id: tool
                    type: shell
                    action:
                      command: ["/nonexistent/${env.MY_API_TOKEN}"]
                workflows:
                  - id: main
                    jobs:
                      - id: call
                        component: tool
                """);
        CliRun run = CliRun.execute(dir, Map.of("MY_API_TOKEN", "tok-s3cr3t-42"), "run");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: job 'call' failed: cannot run '/nonexistent/***': No such file or"
                + " directory\n");
    }

    @Test
    void withSeveralWorkflowsAndNoDefaultRunAsksForOne() throws IOException {
        write("compose.yml", """
                workflows:
                  - id: first
                    job: { type: delay, duration: 1ms }
                  - id: second
                    job: { type: delay, duration: 1ms }
                """);
        CliRun run = CliRun.execute(dir, "run");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(
                "compose.yml: there are 2 workflows and none has default: true (name one: first, second)\n");
        assertThat(CliRun.execute(dir, "run", "second").out()).isEqualTo("null\n");
    }

    @Test
    void anUnknownWorkflowIsExitTwo() throws IOException {
        write("compose.yml", TWO_COMPONENTS);
        CliRun typo = CliRun.execute(dir, "run", "helo");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).isEqualTo("compose.yml: unknown workflow 'helo' (did you mean 'hello'?)\n");
        CliRun other = CliRun.execute(dir, "run", "summarize");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).isEqualTo("compose.yml: unknown workflow 'summarize' (known workflows: hello)\n");
    }
}
