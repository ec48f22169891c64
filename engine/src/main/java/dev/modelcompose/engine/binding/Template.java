package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.ConfigNode;

import java.util.List;
import java.util.Set;

/**
 * A value from a compose file with every {@code ${...}} in it parsed once, at load time, into an expression tree.
 * Rendering walks the tree against a {@link Scope}; nothing is parsed per run.
 *
 * <p>A string that is exactly one binding renders to the native value ({@code ${input.d}} gives the map); a
 * binding inside text is interpolated (maps and lists as compact JSON, booleans as true/false, null as empty text).
 * Mappings and lists render element by element; the structural keys {@code ...}, {@code *}, {@code ?}, {@code +} and
 * {@code |} apply.
 */
public interface Template {

    /**
     * Compiles a node of a compose file.
     *
     * @param allowedSources the sources this place may read (see {@link Sources}); a binding to any other source is
     *                       a load error with a did-you-mean hint. {@code result[]}-style chunk sources must be listed
     *                       explicitly.
     * @throws ComposeException for an unterminated {@code ${}, an unknown {@code as} type, an unknown source, a
     *                          malformed expression; with the node's file:line:column
     */
    static Template compile(ConfigNode node, Set<String> allowedSources) {
        return TemplateCompiler.compile(node, allowedSources);
    }

    /** A template that always renders {@code value} (plain Java values). */
    static Template constant(Object value) {
        return TemplateCompiler.constant(value);
    }

    /** Renders against {@code scope}; throws {@link BindingException} when a conversion fails. */
    Object render(Scope scope);

    /** True when the template has no binding at all. */
    boolean isConstant();

    /** The top-level sources read, such as {@code input}, {@code jobs}, {@code result[]}. */
    Set<String> sources();

    /** The ids X of every {@code ${jobs.X...}} (also inside JEXL expressions). */
    Set<String> referencedJobs();

    /** Every binding in document order, for schema inference and the web UI. */
    List<Binding> bindings();

    /**
     * True when the template is exactly one binding of {@code source} with no path, conversion or default, e.g.
     * {@code ${result}}: the pass-through case, where the value can be returned unchanged.
     */
    boolean isPassThrough(String source);
}
