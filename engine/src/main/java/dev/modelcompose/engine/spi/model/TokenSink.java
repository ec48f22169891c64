package dev.modelcompose.engine.spi.model;

/** Receives generated text as it is produced. Called on the generating thread. */
@FunctionalInterface
public interface TokenSink {
    /** @return false to stop generating (the consumer went away) */
    boolean accept(String delta);

    TokenSink IGNORE = delta -> true;
}
