package dev.modelcompose.cli;

import dev.modelcompose.engine.load.YamlWriter;
import dev.modelcompose.engine.model.ComposeFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML text {@code compose config} prints for a loaded file. It loads again to the same file: the loader reads
 * {@code $$} as a literal {@code $} (docker-compose style), so every {@code $} in a value that is not the start of a
 * binding ({@code ${...}}, {@code $${...}}) is written doubled.
 */
final class ConfigYaml {
    private ConfigYaml() {
    }

    static String write(ComposeFile file) {
        return YamlWriter.writePlain(escapeDollars(file.document().toPlain()));
    }

    private static Object escapeDollars(Object value) {
        if (value instanceof String text) {
            return escapeDollars(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key, escapeDollars(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(escapeDollars(item)));
            return copy;
        }
        return value;
    }

    static String escapeDollars(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 4);
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("$${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                out.append("${");
                i += 2;
            } else {
                char c = text.charAt(i++);
                out.append(c == '$' ? "$$" : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
