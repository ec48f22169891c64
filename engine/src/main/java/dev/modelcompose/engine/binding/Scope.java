package dev.modelcompose.engine.binding;

import java.util.HashMap;
import java.util.Map;

/**
 * The sources a template reads from while it renders: {@code input}, {@code jobs}, {@code context}, {@code output},
 * {@code result}, {@code result[]} (the current chunk), {@code response}, {@code item}, {@code index}, {@code error},
 * {@code env}, {@code job}. A scope can be extended with {@link #with}, which shadows names of its parent.
 */
public interface Scope {
    /** Returned by {@link #lookup} for a name this scope does not define. */
    Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };

    Scope EMPTY = name -> ABSENT;

    /** The value of source {@code name}, or {@link #ABSENT}. A defined source may be null. */
    Object lookup(String name);

    default Scope with(String name, Object value) {
        Scope parent = this;
        return other -> other.equals(name) ? value : parent.lookup(other);
    }

    default Scope with(Map<String, ?> values) {
        Scope parent = this;
        Map<String, Object> copy = new HashMap<>(values);
        return other -> copy.containsKey(other) ? copy.get(other) : parent.lookup(other);
    }

    static Scope of(Map<String, ?> values) {
        return EMPTY.with(values);
    }

    static Scope of(String name, Object value) {
        return EMPTY.with(name, value);
    }
}
