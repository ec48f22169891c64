package dev.modelcompose.drivers.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.modelcompose.engine.spi.model.ModelException;
import jinjava.javax.el.CompositeELResolver;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Hugging Face chat template ({@code tokenizer_config.json} {@code chat_template}, or the component's
 * {@code chat_template}), rendered with Jinjava. Templates see {@code messages}, {@code tools}, {@code bos_token},
 * {@code eos_token}, {@code add_generation_prompt=true}, the functions {@code raise_exception(msg)} and
 * {@code strftime_now(fmt)}, the Python string and dict methods they call ({@link PythonMethodResolver}) and
 * Hugging Face's {@code tojson} ({@link PythonJsonFilter}).
 */
public final class ChatTemplate {
    private static final Jinjava JINJAVA = newJinjava();
    /**
     * Jinja's lstrip_blocks (which Hugging Face turns on): whitespace between a line's start and a block or comment
     * tag goes. Done here because Jinjava's own option also strips whitespace before a tag in the middle of a line.
     */
    /**
     * Jinja's whitespace control, done here for every kind of tag: {@code {{-}, {@code {%-} and {@code {#-} remove the
     * whitespace before them, {@code -}}}, {@code -%}} and {@code -#}} the whitespace after them (Jinjava ignores the
     * dash of {@code {{-} and {@code -}}}, which Hugging Face templates use on nearly every line).
     */
    private static final Pattern TRIM_BEFORE = Pattern.compile("\\s*(\\{[{%#])-");
    private static final Pattern TRIM_AFTER = Pattern.compile("-([}%#]\\})\\s*");
    private static final Pattern LSTRIP_BLOCKS = Pattern.compile("(?m)^[ \\t]+(?=\\{[%#](?![+-]))");

    private final String source;
    private final String bosToken;
    private final String eosToken;

    public ChatTemplate(String source, String bosToken, String eosToken) {
        String trimmed = TRIM_AFTER.matcher(TRIM_BEFORE.matcher(source).replaceAll("$1")).replaceAll("$1");
        this.source = LSTRIP_BLOCKS.matcher(trimmed).replaceAll("");
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
    }

    /**
     * The template named by a {@code tokenizer_config.json}: its {@code chat_template} string, or from a list of
     * {@code {name, template}} the one named {@code tool_use} when tools are given and it exists, else {@code default},
     * else the first.
     */
    public static Optional<String> fromTokenizerConfig(JsonNode tokenizerConfig, boolean withTools) {
        JsonNode node = tokenizerConfig == null ? null : tokenizerConfig.get("chat_template");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.asText());
        }
        if (node.isArray() && !node.isEmpty()) {
            JsonNode chosen = null;
            for (JsonNode entry : node) {
                String name = entry.path("name").asText();
                if (withTools && name.equals("tool_use")) {
                    chosen = entry;
                    break;
                }
                if (name.equals("default") && chosen == null) {
                    chosen = entry;
                }
            }
            if (chosen == null) {
                chosen = node.get(0);
            }
            return Optional.ofNullable(chosen.path("template").textValue());
        }
        return Optional.empty();
    }

    /** A special token of {@code tokenizer_config.json} ({@code bos_token}, {@code eos_token}): text or {content}. */
    public static String specialToken(JsonNode tokenizerConfig, String field) {
        JsonNode node = tokenizerConfig == null ? null : tokenizerConfig.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.asText() : node.path("content").textValue();
    }

    /** The prompt for {@code messages}, ending with the assistant's turn. */
    public String render(List<Map<String, Object>> messages, List<Object> tools) {
        Map<String, Object> context = new HashMap<>();
        context.put("messages", messages);
        context.put("tools", tools);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        context.put("add_generation_prompt", true);
        RenderResult result;
        try {
            result = JINJAVA.renderForResult(source, context);
        } catch (RuntimeException e) {
            throw new ModelException("the chat template failed: " + rootMessage(e), e);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new ModelException("the chat template failed: " + templateMessage(error));
            }
        }
        return result.getOutput();
    }

    private static String templateMessage(TemplateError error) {
        if (error.getException() != null) {
            Throwable root = error.getException();
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof TemplateRaisedException) {
                return root.getMessage();
            }
        }
        String message = error.getMessage();
        int raised = message == null ? -1 : message.indexOf(TemplateRaisedException.MARK);
        if (raised >= 0) {
            return message.substring(raised + TemplateRaisedException.MARK.length()).strip();
        }
        return message + (error.getLineno() > 0 ? " (template line " + error.getLineno() + ")" : "");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Thrown by the template's {@code raise_exception(message)}. */
    static final class TemplateRaisedException extends RuntimeException {
        static final String MARK = "raise_exception:";

        TemplateRaisedException(String message) {
            super(message);
        }
    }

    /** {@code raise_exception(message)} in a template. */
    public static Object raiseException(Object message) {
        throw new TemplateRaisedException(String.valueOf(message));
    }

    /** {@code strftime_now(format)} in a template: the local time in Python's strftime format. */
    public static String strftimeNow(String format) {
        ZonedDateTime now = ZonedDateTime.now();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'd' -> out.append(String.format("%02d", now.getDayOfMonth()));
                case 'm' -> out.append(String.format("%02d", now.getMonthValue()));
                case 'Y' -> out.append(now.getYear());
                case 'y' -> out.append(String.format("%02d", now.getYear() % 100));
                case 'H' -> out.append(String.format("%02d", now.getHour()));
                case 'M' -> out.append(String.format("%02d", now.getMinute()));
                case 'S' -> out.append(String.format("%02d", now.getSecond()));
                case 'b' -> out.append(now.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(now.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> out.append(now.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> out.append(now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'j' -> out.append(String.format("%03d", now.getDayOfYear()));
                case '%' -> out.append('%');
                default -> out.append('%').append(d);
            }
        }
        return out.toString();
    }

    private static Jinjava newJinjava() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethodResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withElResolver(resolver)
                .withTrimBlocks(true)
                .withLstripBlocks(false)
                .withFailOnUnknownTokens(false)
                .build());
        jinjava.getGlobalContext().registerFilter(new PythonJsonFilter());
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", Object.class));
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "strftime_now", ChatTemplate.class, "strftimeNow", String.class));
        return jinjava;
    }
}
