package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.SourceMark;

import java.util.Map;

/**
 * One {@code ${...}} as written, described for schema inference and the web UI.
 *
 * @param text        the binding as written, e.g. {@code ${input.n as integer | 3}}
 * @param source      the source name (input, jobs, result[], ...), or null for a JEXL expression
 * @param path        the path after the source, e.g. {@code n} or {@code l[0].id}; empty for the source itself; the
 *                    expression text for a JEXL expression
 * @param type        the {@code as} type (integer, text, select, object, stream ...) or null
 * @param subtype     after {@code /}, e.g. {@code alloy,echo} for select, {@code png} for image; null if absent
 * @param format      after {@code ;}, e.g. base64; null if absent
 * @param list        true for {@code T[]}
 * @param defaultValue the default after {@code |} as a plain value (a YAML scalar or JSON), null if absent
 * @param hasDefault  whether a default was written
 * @param annotations {@code @(name value)} pairs, e.g. description
 * @param mark        where it was written
 */
public record Binding(String text, String source, String path, String type, String subtype, String format,
                      boolean list, Object defaultValue, boolean hasDefault, Map<String, String> annotations,
                      SourceMark mark) {
}
