package dev.modelcompose.engine.runtime;

import dev.modelcompose.engine.binding.Scope;
import dev.modelcompose.engine.binding.Sources;

/**
 * {@code ${item}} and {@code ${index}} over a parent scope. Mutable so that one instance serves every item of a
 * filter (predicates are tested one item at a time).
 */
final class ItemScope implements Scope {
    private final Scope parent;
    private Object item;
    private int index;

    ItemScope(Scope parent) {
        this.parent = parent;
    }

    ItemScope at(Object value, int position) {
        this.item = value;
        this.index = position;
        return this;
    }

    @Override
    public Object lookup(String name) {
        if (Sources.ITEM.equals(name)) {
            return item;
        }
        if (Sources.INDEX.equals(name)) {
            return index;
        }
        return parent.lookup(name);
    }
}
