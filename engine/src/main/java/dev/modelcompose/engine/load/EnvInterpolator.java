package dev.modelcompose.engine.load;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces environment references in one YAML scalar value: {@code ${env.NAME}}, {@code ${env.NAME | default}},
 * and docker-compose style {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}},
 * {@code ${NAME:?message}}, {@code ${NAME?message}}, {@code ${NAME:+alt}}, {@code ${NAME+alt}}; {@code $$} is a
 * literal dollar, except in <code>$${</code>, which is kept for the binding layer (it reads it as a literal
 * <code>${</code>).
 * A variable's value is inserted as literal text: a <code>${</code> in it is escaped. Runtime bindings
 * ({@code ${input.x}}, {@code ${item}}, {@code ${jobs.a.output | 3}}) and anything
 * else that is not an environment reference are left exactly as written. Error messages never show values.
 */
final class EnvInterpolator {
    /** Binding sources: {@code ${input}} and friends are runtime bindings, never environment variables. */
    static final Set<String> BINDING_SOURCES = Set.of("input", "output", "result", "response", "item", "index",
            "error", "context", "jobs", "job", "env");
    private static final Pattern ENV_SOURCE =
            Pattern.compile("\\s*env\\.([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\|\\s*(.*?))?\\s*", Pattern.DOTALL);
    private static final Pattern DOCKER =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\\?|\\?|:\\+|\\+)(.*))?", Pattern.DOTALL);

    /**
     * The outcome for one scalar.
     *
     * @param text           the text after substitution
     * @param changed        whether anything was substituted or unescaped
     * @param wholeReference whether the whole text was one environment reference (re-typed when plain)
     * @param quotedDefault  whether that reference fell back to a quoted default ({@code | "8080"}): stays a string
     */
    record Result(String text, boolean changed, boolean wholeReference, boolean quotedDefault) {
    }

    private record Substitution(String value, boolean quoted) {
    }

    private final Map<String, String> environment;

    EnvInterpolator(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Result interpolate(String text, SourceMark mark, String path) {
        if (text.indexOf('$') < 0) {
            return new Result(text, false, false, false);
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean changed = false;
        boolean whole = false;
        boolean quoted = false;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < length && text.charAt(i + 1) == '$') {
                if (i + 2 < length && text.charAt(i + 2) == '{') {
                    // $${...} is a literal ${...}: the binding layer unescapes it, so it passes through as written
                    int end = closingBrace(text, i + 3);
                    int stop = end < 0 ? length : end + 1;
                    out.append(text, i, stop);
                    i = stop;
                    continue;
                }
                out.append('$');
                changed = true;
                i += 2;
                continue;
            }
            if (c == '$' && i + 1 < length && text.charAt(i + 1) == '{') {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    out.append(text, i, length);
                    break;
                }
                Substitution substitution = substitute(text.substring(i + 2, end), mark, path);
                if (substitution == null) {
                    out.append(text, i, end + 1);
                } else {
                    out.append(substitution.value());
                    changed = true;
                    if (i == 0 && end == length - 1) {
                        whole = true;
                        quoted = substitution.quoted();
                    }
                }
                i = end + 1;
                continue;
            }
            out.append(c);
            i++;
        }
        return new Result(out.toString(), changed, whole, quoted);
    }

    /** Index of the brace that closes a <code>${</code> whose body starts at {@code from}; -1 when it is not closed. */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private Substitution substitute(String body, SourceMark mark, String path) {
        Matcher env = ENV_SOURCE.matcher(body);
        if (env.matches()) {
            String name = env.group(1);
            String value = environment.get(name);
            if (value != null) {
                return new Substitution(literal(value), false);
            }
            String fallback = env.group(2);
            if (fallback == null) {
                throw unset(name, mark, path, "${env." + name + " | default}");
            }
            String unquoted = unquote(fallback);
            if (unquoted != null) {
                return new Substitution(unquoted, true);
            }
            return new Substitution(interpolate(fallback, mark, path).text(), false);
        }
        Matcher docker = DOCKER.matcher(body);
        if (!docker.matches() || BINDING_SOURCES.contains(docker.group(1))) {
            return null;
        }
        String name = docker.group(1);
        String operator = docker.group(2);
        String value = environment.get(name);
        boolean empty = value == null || value.isEmpty();
        if (operator == null) {
            if (value == null) {
                throw unset(name, mark, path, "${" + name + ":-default}");
            }
            return new Substitution(literal(value), false);
        }
        String argument = docker.group(3);
        return switch (operator) {
            case ":-" -> new Substitution(empty ? expand(argument, mark, path) : literal(value), false);
            case "-" -> new Substitution(value == null ? expand(argument, mark, path) : literal(value), false);
            case ":+" -> new Substitution(empty ? "" : expand(argument, mark, path), false);
            case "+" -> new Substitution(value == null ? "" : expand(argument, mark, path), false);
            case ":?" -> {
                if (empty) {
                    throw required(name, mark, path, value == null ? "is not set" : "is empty", argument);
                }
                yield new Substitution(literal(value), false);
            }
            case "?" -> {
                if (value == null) {
                    throw required(name, mark, path, "is not set", argument);
                }
                yield new Substitution(literal(value), false);
            }
            default -> throw new IllegalStateException("operator " + operator);
        };
    }

    /**
     * A variable's value as literal text: a <code>${</code> inside it is escaped as <code>$${</code> so that the value
     * is never read as a binding (no expression injection, no secret echoed in a binding error).
     */
    private static String literal(String value) {
        return value.replace("${", "$${");
    }

    private String expand(String text, SourceMark mark, String path) {
        return interpolate(text, mark, path).text();
    }

    private static String unquote(String text) {
        if (text.length() >= 2) {
            char first = text.charAt(0);
            char last = text.charAt(text.length() - 1);
            if ((first == '"' || first == '\'') && last == first) {
                return text.substring(1, text.length() - 1);
            }
        }
        return null;
    }

    private static ComposeException unset(String name, SourceMark mark, String path, String example) {
        return new ComposeException(new Problem(mark, path, "environment variable '" + name + "' is not set",
                "set it in the environment or .env, or give a default: " + example));
    }

    private static ComposeException required(String name, SourceMark mark, String path, String state,
                                             String message) {
        String text = "environment variable '" + name + "' " + state;
        if (message != null && !message.isBlank()) {
            text += ": " + message.strip();
        }
        return new ComposeException(new Problem(mark, path, text, null));
    }
}
