package dev.modelcompose.engine.binding;

import java.util.List;

/** A compiled piece of a template: a constant, a string with bindings, a mapping, a list or a structural operator. */
interface TemplateNode {

    Object render(Scope scope);

    /** Adds every binding of this node, in document order. */
    void collect(List<BindingExpression> into);
}
