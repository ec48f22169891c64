package dev.modelcompose.engine.models;

/** A model bundled with the distribution: {@code builtin:all-minilm-l6-v2}. */
public record BuiltinModelSource(String name) implements ModelSource {
    @Override
    public String describe() {
        return "builtin:" + name;
    }
}
