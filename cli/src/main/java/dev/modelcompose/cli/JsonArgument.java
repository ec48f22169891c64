package dev.modelcompose.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modelcompose.engine.value.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A JSON value given on the command line, inline ({@code '{"name":"Ada"}'}) or from a file ({@code @input.json}).
 * Bad values become a {@link BadArgumentException} with Jackson's reason and the place, without Java class names.
 */
public final class JsonArgument {
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]");
    private static final Pattern JAVA_TYPE = Pattern.compile("\\s*\\(bound as `[^`]*`\\)");

    private JsonArgument() {
    }

    /**
     * Parses {@code text} for the option {@code option} ("--input"); {@code @path} reads the file, relative paths
     * against the working folder.
     */
    public static Object parse(String option, String text, CliEnvironment environment) {
        if (text.startsWith("@")) {
            String name = text.substring(1);
            if (name.isEmpty()) {
                throw new BadArgumentException(option + " @ needs a file name, as in " + option + " @input.json");
            }
            Path path = environment.resolve(Path.of(name));
            String content;
            try {
                content = Files.readString(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new BadArgumentException(option + " file not found: " + name);
            } catch (IOException e) {
                throw new BadArgumentException(option + " file " + name + " cannot be read: " + e.getMessage());
            }
            return parseText(option + " file " + name, content);
        }
        return parseText(option, text);
    }

    private static Object parseText(String what, String text) {
        if (text.isBlank()) {
            throw new BadArgumentException(what + " is empty (give a JSON value such as '{}')");
        }
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new BadArgumentException(what + " is not valid JSON: " + describe(e));
        }
    }

    /** Jackson's reason with its place, e.g. {@code Unrecognized token 'Ada': ... at line 1, column 10}. */
    static String describe(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        if (reason == null) {
            reason = "malformed JSON";
        } else if (reason.startsWith("Trailing token")) {
            reason = "unexpected text after the JSON value";
        } else {
            reason = JAVA_TYPE.matcher(reason).replaceAll("");
            reason = SOURCE.matcher(reason).replaceAll("line $1, column $2");
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return reason + " at line " + location.getLineNr() + ", column " + Math.max(1, location.getColumnNr());
        }
        return reason;
    }
}
