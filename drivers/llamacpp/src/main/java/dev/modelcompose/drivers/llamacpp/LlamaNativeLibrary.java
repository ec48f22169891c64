package dev.modelcompose.drivers.llamacpp;

import dev.modelcompose.engine.spi.model.ModelException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Loads java-llama.cpp's native library once, on first use. Its loader prints to {@code System.out} and
 * {@code System.err} (where it extracted the library, why a candidate failed); both are captured while it runs, so
 * {@code compose run}'s output stays clean, and a failure becomes one {@link ModelException} that says what to do.
 */
final class LlamaNativeLibrary {
    /** The system property java-llama.cpp reads for a folder holding its own build of {@code libjllama.so}. */
    static final String LIB_PATH_PROPERTY = "de.kherud.llama.lib.path";

    private static boolean loaded;
    private static ModelException failure;

    private LlamaNativeLibrary() {
    }

    /** Loads the library if not yet done; throws the same {@link ModelException} on every call once it failed. */
    static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            Class.forName("de.kherud.llama.LlamaModel", true, LlamaNativeLibrary.class.getClassLoader());
            loaded = true;
        } catch (LinkageError | ClassNotFoundException e) {
            failure = new ModelException(describe(captured.toString(StandardCharsets.UTF_8), e), e);
            throw failure;
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** The message for a library that did not load, from what its loader printed and the error it threw. */
    static String describe(String printed, Throwable error) {
        StringBuilder all = new StringBuilder(printed);
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append('\n').append(t);
        }
        String text = all.toString();
        if (text.contains("libgomp")) {
            return "llama.cpp's native library cannot load: libgomp.so.1 (GNU OpenMP) is missing; "
                    + "install Debian's libgomp1 package (apt-get install libgomp1)";
        }
        String reason = printed.lines().filter(l -> l.contains("cannot open shared object file")
                || l.contains("undefined symbol")).findFirst().orElse(null);
        if (reason == null) {
            Throwable root = error;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            reason = String.valueOf(root.getMessage());
        }
        return "llama.cpp's native library cannot load: " + reason.strip();
    }
}
