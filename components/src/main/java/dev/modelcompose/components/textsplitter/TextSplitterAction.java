package dev.modelcompose.components.textsplitter;

import dev.modelcompose.components.ActionOutput;
import dev.modelcompose.components.CallScope;
import dev.modelcompose.components.ComponentCallException;
import dev.modelcompose.components.ConfigFields;
import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;
import dev.modelcompose.engine.binding.Template;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigList;
import dev.modelcompose.engine.load.ConfigMap;
import dev.modelcompose.engine.load.ConfigNode;
import dev.modelcompose.engine.load.ConfigScalar;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.model.ActionSpec;
import dev.modelcompose.engine.value.ValueText;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled text-splitter action: {@code text}, {@code separators} xor {@code language}, {@code chunk_size} (1000),
 * {@code chunk_overlap} (200), {@code length} ({@code characters} or {@code tokens}), {@code tokenizer} (a model
 * source, with {@code length: tokens}), {@code batch_size} (accepted, no effect), {@code streaming}, {@code output}.
 * Values written without bindings are checked at load; bound values when the action runs.
 *
 * @param tokenizer null when lengths are counted in characters
 */
record TextSplitterAction(Template text, Template separators, Template language, Template chunkSize,
                          Template chunkOverlap, TokenizerSource tokenizer, Template streaming, ActionOutput output) {
    static final int DEFAULT_CHUNK_SIZE = 1000;
    static final int DEFAULT_CHUNK_OVERLAP = 200;

    static TextSplitterAction compile(ActionSpec action, Path baseDir) {
        ConfigMap config = action.config();
        ConfigNode textNode = ConfigFields.node(config, "text");
        if (textNode == null) {
            throw ComposeException.at(config, "a text-splitter action needs text",
                    "for example text: ${input.text}");
        }
        Template text = Template.compile(textNode, CallScope.REQUEST);
        ConfigNode separatorsNode = ConfigFields.node(config, "separators");
        ConfigNode languageNode = ConfigFields.node(config, "language");
        if (separatorsNode != null && languageNode != null) {
            throw ComposeException.at(languageNode, "give separators or language, not both",
                    "language picks its own separators");
        }
        checkSeparators(separatorsNode);
        checkLanguage(languageNode);
        Template chunkSize = number(config, "chunk_size", DEFAULT_CHUNK_SIZE, 1);
        Template chunkOverlap = number(config, "chunk_overlap", DEFAULT_CHUNK_OVERLAP, 0);
        if (chunkSize.isConstant() && chunkOverlap.isConstant()) {
            int size = (Integer) chunkSize.render(null);
            int overlap = (Integer) chunkOverlap.render(null);
            if (overlap > size) {
                ConfigNode at = ConfigFields.node(config, "chunk_overlap");
                throw ComposeException.at(at == null ? config : at, "chunk_overlap (" + overlap
                        + ") is larger than chunk_size (" + size + "); it must be at most chunk_size",
                        "a common choice is 10 to 20 % of chunk_size");
            }
        }
        number(config, "batch_size", 1, 1);
        TokenizerSource tokenizer = TokenizerSource.read(config, baseDir);
        Template streaming = ConfigFields.flag(config, "streaming", CallScope.REQUEST);
        String result = Sources.RESULT;
        Template output = ConfigFields.template(config, "output", ActionOutput.sources(result, Sources.chunkOf(result)));
        return new TextSplitterAction(text,
                separatorsNode == null ? null : Template.compile(separatorsNode, CallScope.REQUEST),
                languageNode == null ? null : Template.compile(languageNode, CallScope.REQUEST),
                chunkSize, chunkOverlap, tokenizer, streaming,
                new ActionOutput(output, result, List.of(Sources.chunkOf(result))));
    }

    /** The splitter for one call, from the rendered settings. */
    RecursiveTextSplitter splitter(Scope scope, TextLength length) {
        List<Separator> chosen = separators(scope);
        int size = integer(chunkSize.render(scope), "chunk_size");
        int overlap = integer(chunkOverlap.render(scope), "chunk_overlap");
        try {
            return new RecursiveTextSplitter(chosen, size, overlap, length);
        } catch (IllegalArgumentException e) {
            throw new ComponentCallException(e.getMessage());
        }
    }

    private List<Separator> separators(Scope scope) {
        Object renderedSeparators = separators == null ? null : separators.render(scope);
        Object renderedLanguage = language == null ? null : language.render(scope);
        if (renderedSeparators != null && renderedLanguage != null) {
            throw new ComponentCallException("give separators or language, not both");
        }
        if (renderedLanguage != null) {
            String name = ValueText.of(renderedLanguage);
            return SplitterLanguage.find(name).orElseThrow(() -> new ComponentCallException(unknownLanguage(name)))
                    .separators();
        }
        if (renderedSeparators == null) {
            return SplitterLanguage.DEFAULT.stream().map(Separator::literal).toList();
        }
        List<?> items = renderedSeparators instanceof List<?> list ? list : List.of(renderedSeparators);
        if (items.isEmpty()) {
            throw new ComponentCallException("separators must list at least one separator");
        }
        List<Separator> chosen = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String text)) {
                throw new ComponentCallException("separators must be strings, got " + ValueText.describe(item));
            }
            chosen.add(Separator.literal(text));
        }
        return chosen;
    }

    private static void checkSeparators(ConfigNode node) {
        if (node == null) {
            return;
        }
        if (node instanceof ConfigList list) {
            if (list.size() == 0) {
                throw ComposeException.at(node, "separators must list at least one separator",
                        "the default is [\"\\n\\n\", \"\\n\", \" \", \"\"]");
            }
            for (ConfigNode item : list.items()) {
                if (!(item instanceof ConfigScalar scalar && scalar.isString())) {
                    throw ComposeException.at(item, "separators must be strings, got "
                            + ConfigFields.describeValue(item), "quote separators such as \"\\n\" in YAML");
                }
            }
            return;
        }
        if (!(node instanceof ConfigScalar scalar && scalar.isString())) {
            throw ComposeException.at(node, "separators must be a list of strings, got " + node.describe());
        }
    }

    private static void checkLanguage(ConfigNode node) {
        if (node == null) {
            return;
        }
        if (!(node instanceof ConfigScalar scalar && scalar.isString())) {
            throw ComposeException.at(node, "language must be a string, got " + node.describe());
        }
        String name = (String) scalar.value();
        if (!name.contains("${") && SplitterLanguage.find(name).isEmpty()) {
            String hint = DidYouMean.hint(name, SplitterLanguage.names());
            throw ComposeException.at(node, "unknown language '" + name + "'", hint != null ? hint
                    : "one of " + String.join(", ", SplitterLanguage.names()));
        }
    }

    private static String unknownLanguage(String name) {
        String hint = DidYouMean.hint(name, SplitterLanguage.names());
        return "unknown language '" + name + "' (" + (hint != null ? hint
                : "one of " + String.join(", ", SplitterLanguage.names())) + ")";
    }

    /** An integer field: a constant checked against {@code minimum} now, or a binding checked at call time. */
    private static Template number(ConfigMap config, String key, int fallback, int minimum) {
        ConfigNode node = ConfigFields.node(config, key);
        if (node == null) {
            return Template.constant(fallback);
        }
        if (node instanceof ConfigScalar scalar && scalar.isString() && ((String) scalar.value()).contains("${")) {
            return Template.compile(node, CallScope.REQUEST);
        }
        Object value = node instanceof ConfigScalar scalar ? scalar.value() : null;
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            throw ComposeException.at(node, key + " must be a whole number, got " + ConfigFields.describeValue(node));
        }
        BigInteger number = new BigInteger(value.toString());
        if (number.compareTo(BigInteger.valueOf(minimum)) < 0) {
            throw ComposeException.at(node, key + " must be at least " + minimum + ", got " + value);
        }
        if (number.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw ComposeException.at(node, key + " must be at most " + Integer.MAX_VALUE + ", got " + value);
        }
        return Template.constant(number.intValue());
    }

    private static int integer(Object rendered, String field) {
        if (rendered instanceof Integer || rendered instanceof Long) {
            return Math.toIntExact(((Number) rendered).longValue());
        }
        if (rendered instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new ComponentCallException(field + " must be a whole number, got " + ValueText.describe(rendered));
    }
}
