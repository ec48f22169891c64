package dev.modelcompose.drivers.llamacpp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native library failing to load, for real, in a child JVM: the bundled libjllama.so is copied with its
 * dependency on libgomp.so.1 renamed to a libgomp.so.9 that no system has, and put first on the class path.
 */
class LlamaNativeLibraryIT {
    private static final String LIBRARY = "de/kherud/llama/Linux/x86_64/libjllama.so";

    @Test
    void aMissingLibgompNamesTheDebianPackage(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").equals("amd64"), "the patched library is the Linux x86_64 one");
        byte[] library;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(LIBRARY)) {
            library = in.readAllBytes();
        }
        assertThat(replace(library, "libgomp.so.1\0", "libgomp.so.9\0")).isPositive();
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve(LIBRARY).getParent());
        Files.write(classes.resolve(LIBRARY), library);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path gguf = TinyGguf.write(dir.resolve("tiny.gguf"));

        assertThat(probe(classes, tmp, gguf)).isEqualTo("llama.cpp's native library cannot load: libgomp.so.1 "
                + "(GNU OpenMP) is missing; install Debian's libgomp1 package (apt-get install libgomp1)");
    }

    @Test
    void theBundledLibraryLoadsInAFreshJvm(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        assertThat(probe(dir, tmp, TinyGguf.write(dir.resolve("tiny.gguf")))).isEqualTo("loaded");
    }

    private static String probe(Path firstOnClassPath, Path tmp, Path gguf) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Djava.io.tmpdir=" + tmp,
                "-cp", firstOnClassPath + File.pathSeparator + System.getProperty("java.class.path"),
                NativeLoadProbe.class.getName(), gguf.toString()))
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private static int replace(byte[] haystack, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.US_ASCII);
        byte[] b = to.getBytes(StandardCharsets.US_ASCII);
        int count = 0;
        outer:
        for (int i = 0; i + a.length <= haystack.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (haystack[i + j] != a[j]) {
                    continue outer;
                }
            }
            System.arraycopy(b, 0, haystack, i, b.length);
            count++;
        }
        return count;
    }
}
