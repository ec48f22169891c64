package dev.modelcompose.cli.controller;

import dev.modelcompose.engine.controller.SchemaInference;
import dev.modelcompose.engine.controller.WorkflowSchema;
import dev.modelcompose.engine.load.ComposeLoader;
import dev.modelcompose.engine.load.LoadOptions;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.runtime.CompiledCompose;
import dev.modelcompose.engine.spi.ComponentTypes;
import dev.modelcompose.engine.value.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Input and output variables inferred from bindings (reference §4.6). */
class SchemaInferenceTest {
    @TempDir
    Path dir;

    private Map<String, WorkflowSchema> infer(String yaml) throws Exception {
        Path file = dir.resolve("compose.yml");
        Files.writeString(file, yaml);
        ComponentTypes types = ComponentTypes.discover();
        ComposeFile compose = new ComposeLoader(types).load(LoadOptions.of(file, Map.of()));
        return new SchemaInference(CompiledCompose.compile(compose, types)).publicSchemas();
    }

    @Test
    void theReferenceExample() throws Exception {
        WorkflowSchema schema = infer("""
                component:
                  type: http-client
                  base_url: http://127.0.0.1:9
                  action:
                    method: POST
                    path: /x
                    body:
                      prompt: ${input.prompt as text @(description The prompt)}
                      n:      ${input.n as integer | 3}
                      voice:  ${input.voice as select/alloy,echo | alloy}
                      tags:   ${input.tags as list | ["a","b"]}
                      img:    ${input.img as image;base64}
                      other:  ${input.prompt}
                    output: { text: "${response.text}", img: "${response.img as image/png;base64}" }
                workflow:
                  job: { input: "${input}" }
                """).get("__workflow__");
        assertThat(Json.write(schema.toJson())).isEqualTo("{\"workflow_id\":\"__workflow__\",\"default\":true,"
                + "\"input\":["
                + "{\"name\":\"prompt\",\"type\":\"text\",\"is_list\":false,\"description\":\"The prompt\",\"required\":true},"
                + "{\"name\":\"n\",\"type\":\"integer\",\"is_list\":false,\"default\":3,\"required\":false},"
                + "{\"name\":\"voice\",\"type\":\"select\",\"is_list\":false,\"subtype\":\"alloy,echo\",\"default\":\"alloy\","
                + "\"options\":[\"alloy\",\"echo\"],\"required\":false},"
                + "{\"name\":\"tags\",\"type\":\"list\",\"is_list\":false,\"default\":[\"a\",\"b\"],\"required\":false},"
                + "{\"name\":\"img\",\"type\":\"image\",\"is_list\":false,\"format\":\"base64\",\"required\":true}],"
                + "\"output\":[{\"name\":\"text\",\"type\":\"string\",\"is_list\":false},"
                + "{\"name\":\"img\",\"type\":\"image\",\"is_list\":false,\"subtype\":\"png\",\"format\":\"base64\"}]}");
    }

    @Test
    void workflowComponentsAreFollowedAndPrivateWorkflowsLeftOut() throws Exception {
        Map<String, WorkflowSchema> schemas = infer("""
                components:
                  - id: inner-call
                    type: workflow
                    workflow: inner
                  - id: say
                    type: shell
                    action:
                      command: [echo, "${input.word} ${input.count as integer | 2}"]
                      output: ${result.stdout}
                workflows:
                  - id: outer
                    jobs:
                      - id: call
                        component: inner-call
                    output:
                      said: ${jobs.call.output as text}
                      nested: { n: "${input.extra as number}" }
                  - id: inner
                    private: true
                    jobs:
                      - component: say
                        input: ${input}
                """);
        assertThat(schemas).containsOnlyKeys("outer");
        assertThat(Json.write(schemas.get("outer").toJson())).isEqualTo("{\"workflow_id\":\"outer\",\"input\":["
                + "{\"name\":\"word\",\"type\":\"string\",\"is_list\":false,\"required\":true},"
                + "{\"name\":\"count\",\"type\":\"integer\",\"is_list\":false,\"default\":2,\"required\":false},"
                + "{\"name\":\"extra\",\"type\":\"number\",\"is_list\":false,\"required\":true}],"
                + "\"output\":[{\"name\":\"said\",\"type\":\"text\",\"is_list\":false},"
                + "{\"name\":\"nested.n\",\"type\":\"number\",\"is_list\":false}]}");
    }

    @Test
    void repeatedAndForEachTerminalJobsAreGroups() throws Exception {
        WorkflowSchema schema = infer("""
                component:
                  type: shell
                  action:
                    command: [echo, "${input.q}"]
                    output: ${result.stdout}
                workflow:
                  jobs:
                    - id: twice
                      repeat_count: 2
                """).get("__workflow__");
        assertThat(Json.write(schema.toJson().get("output"))).isEqualTo("[{\"name\":\"twice\",\"variables\":"
                + "[{\"type\":\"string\",\"is_list\":false}],\"repeat_count\":2}]");
    }
}
