package dev.modelcompose.drivers.lucene;

import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What only a real second process shows: a kill mid-insert loses no acknowledged vector; one writer per folder. */
class LuceneDurabilityIT {
    private static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static Process child(String mode, Path path) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreChildProcess.class.getName(), mode, path.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private VectorStore open(Path path) throws Exception {
        return await(new LuceneVectorStoreDriver().open(StoreChildProcess.settings(path),
                StoreChildProcess.services(vertx, path.getParent())));
    }

    @Test
    void aProcessKilledMidInsertKeepsEveryAcknowledgedVector() throws Exception {
        Path path = dir.resolve("vectors");
        Process child = child("insert", path);
        List<String> acked = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("opened");
            String line;
            while (acked.size() < 300 && (line = out.readLine()) != null) {
                acked.add(line.substring("ack ".length()));
            }
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(acked).hasSize(300);

        VectorStore store = open(path);
        try {
            List<VectorRecord> found = await(store.get("docs", acked));
            assertThat(found).extracting(VectorRecord::id).containsExactlyElementsOf(acked);
            assertThat(found.get(299).document()).isEqualTo("doc " + acked.get(299));
            long count = await(store.count("docs", VectorFilter.NONE));
            assertThat(count).isGreaterThanOrEqualTo(300L).isEqualTo(count / 25 * 25);
            assertThat(await(store.search("docs", List.of(new float[]{1, 2, 3, 0}), 5, null, VectorFilter.NONE))
                    .get(0)).hasSize(5);
            // and it still takes writes
            await(store.insert("docs", List.of(new VectorRecord("after", new float[]{0, 0, 0, 1}, null, null))));
            assertThat(await(store.count("docs", VectorFilter.NONE))).isEqualTo(count + 1);
        } finally {
            await(store.close());
        }
    }

    @Test
    void aSecondProcessOnTheSameFolderGetsAClearError() throws Exception {
        Path path = dir.resolve("vectors");
        VectorStore store = open(path);
        try {
            Process child = child("open", path);
            String line;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                line = out.readLine();
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(3);
            assertThat(line).isEqualTo("error the vector store folder " + path + " is in use by another process (lock "
                    + path.resolve("write.lock") + "); stop the other run or use another path");
        } finally {
            await(store.close());
        }
    }

    @Test
    void theFolderIsFreeAgainOnceTheOtherProcessEnds() throws Exception {
        Path path = dir.resolve("vectors");
        Process child = child("open", path);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("opened");
            assertThatThrownBy(() -> open(path)).isInstanceOf(VectorStoreException.class)
                    .hasMessageContaining("is in use by another process");
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        VectorStore store = open(path);
        await(store.close());
    }

    @Test
    void aPathThatIsNotWritableIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path path = file.resolve("vectors");

        assertThatThrownBy(() -> open(path)).isInstanceOf(VectorStoreException.class)
                .hasMessage("the vector store folder " + path + " cannot be created (not a directory); "
                        + "set path: to a writable folder");
    }
}
