package dev.modelcompose.drivers.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelcompose.engine.spi.model.ModelException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real Hugging Face chat templates rendered with Jinjava. */
class ChatTemplateTest {
    /** meta-llama/Llama-2-7b-chat-hf's template, verbatim. */
    static final String LLAMA2_TEMPLATE = "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
            + "{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}"
            + "{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
            + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
            + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
            + "{% if loop.index0 == 0 and system_message != false %}"
            + "{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
            + "{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}"
            + "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
            + "{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}";

    /** A multi-line template in the style of Zephyr / Mistral instruct, relying on trim_blocks and lstrip_blocks. */
    static final String MULTILINE_TEMPLATE = """
            {% for message in messages %}
                {% if message['role'] == 'user' %}
            {{ '<|user|>\\n' + message['content'] + eos_token }}
                {% elif message['role'] == 'system' %}
            {{ '<|system|>\\n' + message['content'] + eos_token }}
                {% endif %}
                {% if loop.last and add_generation_prompt %}
            {{ '<|assistant|>' }}
                {% endif %}
            {% endfor %}""";

    static final List<Map<String, Object>> CHAT = List.of(
            Map.of("role", "system", "content", "Be brief."),
            Map.of("role", "user", "content", "  Hi there  "),
            Map.of("role", "assistant", "content", "Hello"),
            Map.of("role", "user", "content", "Bye"));

    /** Messages with their keys in order (as a JSON object gives them). */
    static List<Map<String, Object>> ordered(List<Map<String, Object>> messages) {
        return messages.stream().map(m -> {
            Map<String, Object> copy = new LinkedHashMap<>();
            copy.put("role", m.get("role"));
            copy.put("content", m.get("content"));
            return copy;
        }).toList();
    }

    @Test
    void chatMlAddsTheGenerationPrompt() {
        String out = new ChatTemplate(TinyDecoderModels.CHATML_TEMPLATE, "<s>", "</s>").render(CHAT.subList(0, 2), null);

        assertThat(out).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n  Hi there  <|im_end|>\n"
                + "<|im_start|>assistant\n");
    }

    @Test
    void theMultiLineChatMlTemplateOfTheDocsRendersLikeTheOneLineOne() {
        // the chat_template of docs/text-generation.md (in a YAML literal block, backslash-n stays as is)
        String docs = """
                {% for message in messages %}
                {{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}
                {%- endfor %}
                {% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}
                """;

        assertThat(new ChatTemplate(docs, "", "").render(CHAT, null))
                .isEqualTo(new ChatTemplate(TinyDecoderModels.CHATML_TEMPLATE, "", "").render(CHAT, null));
    }

    @Test
    void llama2TemplateUsesSlicingStripLoopIndexAndSpecialTokens() {
        String out = new ChatTemplate(LLAMA2_TEMPLATE, "<s>", "</s>").render(CHAT, null);

        assertThat(out).isEqualTo("<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\n  Hi there [/INST] Hello </s>"
                + "<s>[INST] Bye [/INST]");
    }

    @Test
    void raiseExceptionBecomesAModelException() {
        ChatTemplate template = new ChatTemplate(LLAMA2_TEMPLATE, "<s>", "</s>");

        assertThatThrownBy(() -> template.render(List.of(Map.of("role", "assistant", "content", "x")), null))
                .isInstanceOf(ModelException.class)
                .hasMessage("the chat template failed: Conversation roles must alternate "
                        + "user/assistant/user/assistant/...");
    }

    @Test
    void blocksOnTheirOwnLinesLeaveNoWhitespace() {
        String out = new ChatTemplate(MULTILINE_TEMPLATE, "<s>", "</s>").render(CHAT.subList(0, 2), null);

        assertThat(out).isEqualTo("<|system|>\nBe brief.</s>\n<|user|>\n  Hi there  </s>\n<|assistant|>\n");
    }

    @Test
    void whitespaceBeforeABlockInTheMiddleOfALineStays() {
        String out = new ChatTemplate("{% for m in messages %}{{ m.role }} {% endfor %}", "", "")
                .render(CHAT.subList(0, 2), null);

        assertThat(out).isEqualTo("system user ");
    }

    @Test
    void pythonStringAndDictMethodsWork() {
        String template = "{{ messages[1].content.strip().startswith('Hi') }}|{{ 'a,b'.split(',') | length }}"
                + "|{{ 'xxhixx'.strip('x') }}|{{ 'ab'.upper() }}|{{ messages[0].get('name', 'none') }}"
                + "|{% for k, v in messages[2].items() %}{{ k }}{% endfor %}|{{ messages[-1]['content'] }}"
                + "|{{ messages[1]['content'].lstrip().endswith(('re', 'x')) }}";

        String out = new ChatTemplate(template, "", "").render(ordered(CHAT), null);

        assertThat(out).isEqualTo("true|2|hi|AB|none|rolecontent|Bye|false");
    }

    @Test
    void toolsAndNamespacesReachTheTemplate() {
        String template = "{% set ns = namespace(system=false) %}{% for m in messages %}"
                + "{% if m.role == 'system' %}{% set ns.system = true %}{% endif %}{% endfor %}"
                + "{% if tools is not none %}{% for tool in tools %}[{{ tool.function.name }}]{% endfor %}"
                + "{{ tools | tojson }}{% endif %}|{{ ns.system }}";
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", Map.of("name", "get_weather"));
        List<Object> tools = List.of(tool);

        String out = new ChatTemplate(template, "", "").render(CHAT, tools);

        assertThat(out).isEqualTo("[get_weather][{\"type\": \"function\", \"function\": {\"name\": \"get_weather\"}}]|true");
    }

    @Test
    void qwenToolCallingTemplateRendersAsHuggingFaceRendersIt() throws Exception {
        String template;
        try (var in = getClass().getResourceAsStream("/chat-templates/qwen2.5-instruct.jinja")) {
            template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("name", "get_weather");
        call.put("arguments", Map.of("city", "Paris"));
        List<Map<String, Object>> messages = List.of(
                Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Weather in Paris?"),
                Map.of("role", "assistant", "content", "", "tool_calls",
                        List.of(Map.of("type", "function", "function", call))),
                Map.of("role", "tool", "content", "{\"temp\": 21}"),
                Map.of("role", "user", "content", "Thanks"));
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "get_weather");
        function.put("description", "Weather");
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        String conversation = "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
                + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
                + "</tool_call><|im_end|>\n"
                + "<|im_start|>user\n<tool_response>\n{\"temp\": 21}\n</tool_response><|im_end|>\n"
                + "<|im_start|>user\nThanks<|im_end|>\n<|im_start|>assistant\n";

        ChatTemplate qwen = new ChatTemplate(template, null, "<|im_end|>");

        assertThat(qwen.render(messages, null)).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n" + conversation);
        assertThat(qwen.render(messages, List.of(tool))).isEqualTo("<|im_start|>system\nBe brief.\n\n# Tools\n\n"
                + "You may call one or more functions to assist with the user query.\n\n"
                + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Weather\"}}\n"
                + "</tools>\n\nFor each function call, return a json object with function name and arguments within "
                + "<tool_call></tool_call> XML tags:\n<tool_call>\n"
                + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" + conversation);
    }

    @Test
    void expressionWhitespaceControlAndIndentedToJsonWork() {
        String template = "{%- for m in messages %}\n    {{- m.role }}\n    {{- ' ' -}}\n   {% endfor %}"
                + "|{{ {'a': [1, 2.5, true, none, 'x\"y']} | tojson(indent=2) }}";

        String out = new ChatTemplate(template, "", "").render(CHAT.subList(0, 2), null);

        assertThat(out).isEqualTo("system user |{\n  \"a\": [\n    1,\n    2.5,\n    true,\n    null,\n"
                + "    \"x\\\"y\"\n  ]\n}");
    }

    @Test
    void templatesComeFromTokenizerConfigAsAStringOrANamedList() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var single = json.readTree("{\"chat_template\": \"A\", \"eos_token\": {\"content\": \"</s>\"}}");
        var named = json.readTree("{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"T\"},"
                + " {\"name\": \"default\", \"template\": \"D\"}]}");

        assertThat(ChatTemplate.fromTokenizerConfig(single, false)).contains("A");
        assertThat(ChatTemplate.specialToken(single, "eos_token")).isEqualTo("</s>");
        assertThat(ChatTemplate.fromTokenizerConfig(named, false)).contains("D");
        assertThat(ChatTemplate.fromTokenizerConfig(named, true)).contains("T");
        assertThat(ChatTemplate.fromTokenizerConfig(json.readTree("{}"), false)).isEmpty();
    }
}
