package dev.modelcompose.drivers.lucene;

import dev.modelcompose.engine.spi.RuntimeServices;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link LuceneDurabilityIT}. {@code insert <path>}: inserts batches forever, printing
 * {@code ack <id>} for every record of a batch whose insert returned. {@code open <path>}: opens the store and prints
 * {@code opened} or {@code error <message>}.
 */
public final class StoreChildProcess {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[1]);
        Vertx vertx = Vertx.vertx();
        VectorStoreSettings settings = settings(path);
        VectorStore store;
        try {
            store = new LuceneVectorStoreDriver().open(settings, services(vertx, path)).toCompletionStage()
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("error " + e.getCause().getMessage());
            System.out.flush();
            System.exit(3);
            return;
        }
        System.out.println("opened");
        System.out.flush();
        if (args[0].equals("open")) {
            Thread.sleep(600_000);
            return;
        }
        for (int batch = 0; ; batch++) {
            List<VectorRecord> records = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                String id = "b" + batch + "-" + i;
                records.add(new VectorRecord(id, new float[]{1, batch, i, (batch * 31 + i) % 7}, "doc " + id,
                        Map.of("batch", batch)));
            }
            store.insert("docs", records).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            StringBuilder acks = new StringBuilder();
            records.forEach(r -> acks.append("ack ").append(r.id()).append('\n'));
            System.out.print(acks);
            System.out.flush();
        }
    }

    static VectorStoreSettings settings(Path path) {
        return new VectorStoreSettings("store", "docs", 4, VectorMetric.L2, path, Map.of(), path.getParent());
    }

    static RuntimeServices services(Vertx vertx, Path base) {
        return RuntimeServices.of(vertx, base);
    }
}
