package dev.modelcompose.engine.binding;

import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.introspection.JexlPermissions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A binding that is an expression rather than a plain path ({@code jobs.score.output > 0.8 && input.strict}),
 * compiled once with Commons JEXL in a sandbox: no loops, assignments, {@code new}, lambdas, pragmas or local
 * variables, and no access to classes, reflection, files, processes or threads. Missing values are null.
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
            .script(false);

    private static final JexlEngine ENGINE = new JexlBuilder()
            .features(FEATURES)
            .permissions(JexlPermissions.RESTRICTED)
            .strict(false)
            .safe(true)
            .silent(false)
            .cancellable(false)
            .cache(0)
            .create();

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
        JexlScript script;
        try {
            script = ENGINE.createScript(FEATURES, null, text);
        } catch (JexlException e) {
            throw new IllegalArgumentException(reason(e), e);
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

    Object evaluate(Scope scope, BindingExpression binding) {
        try {
            return script.execute(new ScopeContext(scope));
        } catch (JexlException e) {
            throw binding.failure("expression failed: " + reason(e));
        } catch (RuntimeException e) {
            throw binding.failure("expression failed: " + e.getMessage());
        }
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
            return scope.lookup(name) != Scope.ABSENT;
        }
    }
}
