package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.DidYouMean;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A binding that is an expression rather than a plain path ({@code jobs.score.output > 0.8 && input.strict}),
 * compiled once with Commons JEXL in a sandbox: no loops, assignments, {@code new}, lambdas, pragmas or local
 * variables, and no access to classes, reflection, files, processes or threads. Missing values are null (also
 * through {@code a.b.c} when {@code a} is null, and as operands); calling a method that is not allowed fails.
 */
final class JexlValue {
    private static final JexlFeatures FEATURES = JexlFeatures.createDefault()
            .loops(false)
            .sideEffect(false)
            .sideEffectGlobal(false)
            .newInstance(false)
            .lambda(false)
            .thinArrow(false)
            .fatArrow(false)
            .localVar(false)
            .pragma(false)
            .pragmaAnywhere(false)
            .annotation(false)
            .importPragma(false)
            .namespacePragma(false)
            .register(false)
            .methodCall(false)
            .script(false);

    private static final JexlEngine ENGINE = new JexlBuilder()
            .features(FEATURES)
            .permissions(ExpressionPermissions.INSTANCE)
            .strict(true)
            .arithmetic(new JexlArithmetic(false))
            .safe(true)
            .antish(false)
            .namespaces(java.util.Collections.singletonMap(null, new ExpressionFunctions()))
            .silent(false)
            .cancellable(false)
            .cache(0)
            .create();

    private static final int MAX_DEPTH = 64;
    private static final int MAX_LENGTH = 4096;
    private static final List<String> FUNCTIONS;
    private static final Set<String> KEYWORDS = Set.of("not", "and", "or", "empty", "size", "if", "while",
            "for", "function", "return", "new");

    static {
        List<String> names = new java.util.ArrayList<>(ExpressionFunctions.NAMES);
        names.add("size");
        names.add("empty");
        FUNCTIONS = List.copyOf(names);
    }

    private final String text;
    private final JexlScript script;
    private final Set<String> sources;
    private final Set<String> referencedJobs;

    private JexlValue(String text, JexlScript script, Set<String> sources, Set<String> referencedJobs) {
        this.text = text;
        this.script = script;
        this.sources = sources;
        this.referencedJobs = referencedJobs;
    }

    /**
     * Compiles {@code text}.
     *
     * @throws IllegalArgumentException with a short reason when the expression is malformed or uses a feature the
     *                                  sandbox forbids
     */
    static JexlValue compile(String text) {
        if (text.indexOf('`') >= 0) {
            throw new IllegalArgumentException("template strings (`...`) are not supported in expressions; join "
                    + "text with +");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        }
        checkFunctions(text);
        JexlScript script;
        try {
            script = ENGINE.createScript(FEATURES, null, text);
        } catch (JexlException e) {
            throw new IllegalArgumentException(compileReason(reason(e)), e);
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("nested too deeply");
        }
        Set<String> sources = new LinkedHashSet<>();
        Set<String> jobs = new LinkedHashSet<>();
        for (List<String> variable : script.getVariables()) {
            if (variable.isEmpty()) {
                continue;
            }
            sources.add(variable.get(0));
            if (Sources.JOBS.equals(variable.get(0)) && variable.size() > 1) {
                jobs.add(variable.get(1));
            }
        }
        return new JexlValue(text, script, Set.copyOf(sources), Set.copyOf(jobs));
    }

    /** Rejects calls of functions that do not exist (naming the closest one) and brackets nested too deeply. */
    private static void checkFunctions(String text) {
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("nested more than " + MAX_DEPTH + " levels deep");
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            if (!Character.isJavaIdentifierStart(c) || (i > 0 && Character.isJavaIdentifierPart(text.charAt(i - 1)))) {
                continue;
            }
            int end = i;
            while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                end++;
            }
            int after = end;
            while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                after++;
            }
            int before = i - 1;
            while (before >= 0 && Character.isWhitespace(text.charAt(before))) {
                before--;
            }
            boolean member = before >= 0 && (text.charAt(before) == '.' || text.charAt(before) == ':');
            String name = text.substring(i, end);
            if (!member && after < text.length() && text.charAt(after) == '(' && !FUNCTIONS.contains(name)
                    && !KEYWORDS.contains(name)) {
                String hint = DidYouMean.hint(name, FUNCTIONS);
                throw new IllegalArgumentException("unknown function '" + name + "'" + (hint == null ? "" : " ("
                        + hint + ")") + "; functions: " + String.join(", ", FUNCTIONS));
            }
            i = end - 1;
        }
    }

    Object evaluate(Scope scope, BindingExpression binding) {
        try {
            return normalise(script.execute(new ScopeContext(scope)));
        } catch (JexlException e) {
            throw binding.failure("expression failed: " + reason(e));
        } catch (RuntimeException e) {
            throw binding.failure("expression failed: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw binding.failure("expression failed: nested too deeply");
        }
    }

    /**
     * JEXL narrows literals to Byte and Short, counts in Long and builds arrays and sets; results are Integer when
     * they fit, and lists, like other values. */
    private static Object normalise(Object value) {
        if (value instanceof Byte || value instanceof Short) {
            return ((Number) value).intValue();
        }
        if (value instanceof Long l && l == l.intValue()) {
            return l.intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof java.util.Set<?> set) {
            return new java.util.ArrayList<Object>(set);
        }
        if (value != null && value.getClass().isArray() && !(value instanceof byte[])) {
            int length = java.lang.reflect.Array.getLength(value);
            List<Object> list = new java.util.ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(normalise(java.lang.reflect.Array.get(value, i)));
            }
            return list;
        }
        return value;
    }

    String text() {
        return text;
    }

    /** The top-level names the expression reads, such as input and jobs. */
    Set<String> sources() {
        return sources;
    }

    Set<String> referencedJobs() {
        return referencedJobs;
    }

    private static String compileReason(String reason) {
        if (reason.startsWith("method call error")) {
            return "calling methods on values is not allowed; use a function such as upper(x) or length(x)";
        }
        if (reason.startsWith("create instance error")) {
            return "'new' is not allowed in expressions";
        }
        if (reason.startsWith("global assign/modify error") || reason.startsWith("side effect")) {
            return "expressions cannot assign or modify values";
        }
        if (reason.startsWith("local variable error") || reason.startsWith("lambda")) {
            return "local variables and functions cannot be defined in expressions";
        }
        return reason;
    }

    /** JEXL's message without its {@code className@line:column} prefix. */
    static String reason(JexlException e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int colon = message.indexOf(' ');
        String reason = colon > 0 && message.substring(0, colon).contains("@") ? message.substring(colon + 1) : message;
        return reason.trim();
    }

    /** The sources of a {@link Scope}, read-only. */
    private record ScopeContext(Scope scope) implements JexlContext {
        @Override
        public Object get(String name) {
            Object value = scope.lookup(name);
            return value == Scope.ABSENT ? null : value;
        }

        @Override
        public void set(String name, Object value) {
            throw new UnsupportedOperationException("expressions cannot assign '" + name + "'");
        }

        @Override
        public boolean has(String name) {
            return true;
        }
    }
}
