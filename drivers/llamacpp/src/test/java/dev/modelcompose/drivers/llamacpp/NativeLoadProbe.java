package dev.modelcompose.drivers.llamacpp;

import dev.modelcompose.engine.spi.model.ModelException;

import java.nio.file.Path;
import java.util.Map;

/** Loads a GGUF in a fresh JVM and prints the driver's error message (or "loaded"); for LlamaNativeLibraryIT. */
public final class NativeLoadProbe {
    private NativeLoadProbe() {
    }

    public static void main(String[] args) {
        try {
            new LlamaCppDriver().load(LlamaCppDriverIT.request(Path.of(args[0]), "text-generation",
                    Map.of("n_ctx", 256), Map.of(), "cpu")).close();
            System.out.println("loaded");
        } catch (ModelException e) {
            System.out.println(e.getMessage());
        }
        System.exit(0);
    }
}
