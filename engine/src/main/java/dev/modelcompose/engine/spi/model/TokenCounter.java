package dev.modelcompose.engine.spi.model;

/** Counts the tokens of a text with a model's tokenizer (special tokens excluded). Thread-safe. */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);
}
