package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.SourceMark;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One compiled {@code ${...}}: either a source path ({@code input.l[0].id}) or a sandboxed JEXL expression, then the
 * default (applied when the value is null), then the {@code as} conversion.
 */
final class BindingExpression {
    private final String text;
    private final SourceMark mark;
    private final String nodePath;
    private final String source;
    private final PathStep[] steps;
    private final String pathText;
    private final JexlValue expression;
    private final Conversion conversion;
    private final boolean hasDefault;
    private final Object defaultValue;
    private final TemplateNode defaultTemplate;
    private final Map<String, String> annotations;

    BindingExpression(String text, SourceMark mark, String nodePath, String source, PathStep[] steps,
                      String pathText, JexlValue expression, Conversion conversion, boolean hasDefault,
                      Object defaultValue, TemplateNode defaultTemplate, Map<String, String> annotations) {
        this.text = text;
        this.mark = mark;
        this.nodePath = nodePath;
        this.source = source;
        this.steps = steps;
        this.pathText = pathText;
        this.expression = expression;
        this.conversion = conversion;
        this.hasDefault = hasDefault;
        this.defaultValue = defaultValue;
        this.defaultTemplate = defaultTemplate;
        this.annotations = annotations;
    }

    Object evaluate(Scope scope) {
        Object value;
        if (expression != null) {
            value = expression.evaluate(scope, this);
        } else {
            value = scope.lookup(source);
            value = value == Scope.ABSENT ? null : PathStep.resolve(value, steps, 0);
        }
        if (value == null && hasDefault) {
            value = defaultTemplate != null ? defaultTemplate.render(scope) : PlainValues.copy(defaultValue);
        }
        return conversion == null ? value : conversion.apply(value, this);
    }

    /** A run-time failure of this binding, e.g. a conversion that does not fit the value. */
    BindingException failure(String problem) {
        String prefix = nodePath == null || nodePath.isEmpty() ? "" : nodePath + ": ";
        return new BindingException(prefix + text + ": " + problem, mark);
    }

    String text() {
        return text;
    }

    /** The source name, or null for a JEXL expression. */
    String source() {
        return source;
    }

    /** True for exactly {@code ${source}}: no path, no conversion, no default. */
    boolean isBare(String name) {
        return expression == null && name.equals(source) && steps.length == 0 && conversion == null && !hasDefault;
    }

    /** Adds this binding, then the bindings inside its default. */
    void collect(List<BindingExpression> into) {
        into.add(this);
        if (defaultTemplate != null) {
            defaultTemplate.collect(into);
        }
    }

    /** Adds the sources this binding reads itself (not those of its default, which are collected separately). */
    void addSources(Set<String> into) {
        if (expression != null) {
            into.addAll(expression.sources());
        } else {
            into.add(source);
        }
    }

    void addReferencedJobs(Set<String> into) {
        if (expression != null) {
            into.addAll(expression.referencedJobs());
        } else if (Sources.JOBS.equals(source) && steps.length > 0 && steps[0] instanceof PathStep.Key key) {
            into.add(key.name());
        }
    }

    Binding describe() {
        return new Binding(text, source, expression != null ? expression.text() : pathText,
                conversion == null ? null : conversion.type(), conversion == null ? null : conversion.subtype(),
                conversion == null ? null : conversion.format(), conversion != null && conversion.list(),
                defaultTemplate != null ? defaultValue : PlainValues.copy(defaultValue), hasDefault, annotations,
                mark);
    }

    static Set<String> sourcesOf(List<BindingExpression> bindings) {
        Set<String> sources = new LinkedHashSet<>();
        bindings.forEach(binding -> binding.addSources(sources));
        return sources;
    }

    @Override
    public String toString() {
        return text;
    }
}
