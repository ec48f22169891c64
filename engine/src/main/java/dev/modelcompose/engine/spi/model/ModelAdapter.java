package dev.modelcompose.engine.spi.model;

/**
 * An adapter applied at load ({@code peft_adapters: [{type: lora, name, model, weight}]}), its model already resolved.
 */
public record ModelAdapter(String type, String name, ResolvedModel model, double weight) {
}
