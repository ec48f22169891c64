package dev.modelcompose.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.modelcompose.engine.value.Json;

/**
 * How {@code run} writes values: a workflow output as one pretty JSON document (two-space indent, {@code "key": value},
 * non-ASCII kept), a stream chunk as one line (text raw, anything else compact JSON).
 */
public final class JsonOutput {
    private static final ObjectWriter PRETTY = Json.MAPPER.writer(prettyPrinter());

    private JsonOutput() {
    }

    /** The document {@code run} prints for a non-stream output, without a trailing newline. */
    public static String document(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the workflow output cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One stream chunk as a line, without its newline: text as it is (one trailing newline dropped), else JSON. */
    public static String chunkLine(Object chunk) {
        if (chunk instanceof String text) {
            if (text.endsWith("\r\n")) {
                return text.substring(0, text.length() - 2);
            }
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
        return Json.write(chunk);
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }
}
