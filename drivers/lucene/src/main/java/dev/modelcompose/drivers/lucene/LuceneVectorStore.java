package dev.modelcompose.drivers.lucene;

import dev.modelcompose.engine.spi.vector.VectorFilter;
import dev.modelcompose.engine.spi.vector.VectorHit;
import dev.modelcompose.engine.spi.vector.VectorMetric;
import dev.modelcompose.engine.spi.vector.VectorRecord;
import dev.modelcompose.engine.spi.vector.VectorStore;
import dev.modelcompose.engine.spi.vector.VectorStoreException;
import dev.modelcompose.engine.spi.vector.VectorStoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NativeFSLockFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Lucene store of one component: a folder holding one index folder per collection, locked against other
 * processes (a {@code write.lock} in the folder, held while the store is open). Collections open on first use. Every
 * call runs on a Vert.x worker thread.
 */
final class LuceneVectorStore implements VectorStore {
    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private final Vertx vertx;
    private final Path root;
    private final VectorMetric metric;
    private final Integer dimensions;
    private final Directory rootDirectory;
    private final Lock rootLock;
    private final Map<String, LuceneCollection> collections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private LuceneVectorStore(Vertx vertx, VectorStoreSettings settings, Directory rootDirectory, Lock rootLock) {
        this.vertx = vertx;
        this.root = settings.path();
        this.metric = settings.metric();
        this.dimensions = settings.dimensions();
        this.rootDirectory = rootDirectory;
        this.rootLock = rootLock;
    }

    /** Creates the folder when needed and locks it. Blocks. */
    static LuceneVectorStore open(VectorStoreSettings settings, Vertx vertx) throws IOException {
        Path root = settings.path();
        if (root == null) {
            throw new VectorStoreException("vector store '" + settings.componentId() + "' needs a path");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new VectorStoreException("the vector store folder " + root + " cannot be created ("
                    + describe(e) + "); set path: to a writable folder");
        }
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new VectorStoreException("the vector store folder " + root + " is not writable; set path: to a "
                    + "writable folder");
        }
        Directory directory = FSDirectory.open(root);
        try {
            Lock lock = NativeFSLockFactory.INSTANCE.obtainLock(directory, "write.lock");
            return new LuceneVectorStore(vertx, settings, directory, lock);
        } catch (LockObtainFailedException e) {
            directory.close();
            if (String.valueOf(e.getMessage()).contains("held by this virtual machine")) {
                throw new VectorStoreException("the vector store folder " + root + " is already open in this process: "
                        + "give each vector-store component its own path");
            }
            throw new VectorStoreException("the vector store folder " + root + " is in use by another process (lock "
                    + root.resolve("write.lock") + "); stop the other run or use another path");
        } catch (IOException e) {
            directory.close();
            throw new VectorStoreException("the vector store folder " + root + " cannot be locked (" + describe(e)
                    + "); set path: to a writable folder");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private <T> Future<T> blocking(Callable<T> work) {
        if (closed) {
            return Future.failedFuture(new VectorStoreException("the vector store at " + root + " is closed"));
        }
        return vertx.executeBlocking(work, false);
    }

    /** The open collection, opening (and on a write, creating) it; null when reading one that does not exist. */
    private LuceneCollection collection(String name, boolean create) throws IOException {
        if (!COLLECTION_NAME.matcher(name).matches()) {
            throw new VectorStoreException("collection name '" + name + "' is not allowed: use letters, digits, "
                    + "'_', '-' and '.' (not first), at most 128");
        }
        synchronized (collections) {
            if (closed) {
                throw new VectorStoreException("the vector store at " + root + " is closed");
            }
            LuceneCollection open = collections.get(name);
            if (open != null && open.isOpen()) {
                return open;
            }
            if (open != null) {
                open.close();
                collections.remove(name);
            }
            Path folder = root.resolve(name);
            if (!create && !Files.isDirectory(folder)) {
                return null;
            }
            LuceneCollection opened = LuceneCollection.open(name, folder, metric, dimensions);
            collections.put(name, opened);
            return opened;
        }
    }

    @Override
    public Future<Void> insert(String collection, List<VectorRecord> records) {
        return blocking(() -> {
            if (!records.isEmpty()) {
                collection(collection, true).insert(records);
            }
            return null;
        });
    }

    @Override
    public Future<Integer> update(String collection, List<VectorRecord> records, boolean insertIfNotExist) {
        return blocking(() -> {
            if (records.isEmpty()) {
                return 0;
            }
            LuceneCollection c = collection(collection, insertIfNotExist);
            return c == null ? 0 : c.update(records, insertIfNotExist);
        });
    }

    @Override
    public Future<List<List<VectorHit>>> search(String collection, List<float[]> queries, int topK,
                                                Double scoreThreshold, VectorFilter filter) {
        return blocking(() -> {
            LuceneCollection c = collection(collection, false);
            if (c == null) {
                for (float[] query : queries) {
                    checkQuery(collection, query);
                }
                return queries.stream().map(q -> List.<VectorHit>of()).toList();
            }
            return c.search(queries, topK, scoreThreshold, filter);
        });
    }

    private void checkQuery(String collection, float[] query) {
        if (dimensions != null && query.length != dimensions) {
            throw VectorStoreException.dimensionMismatch(collection, dimensions, query.length);
        }
        for (int i = 0; i < query.length; i++) {
            if (!Float.isFinite(query[i])) {
                throw VectorStoreException.notFinite(null, i);
            }
        }
    }

    @Override
    public Future<Integer> delete(String collection, List<String> ids, VectorFilter filter) {
        return blocking(() -> {
            LuceneCollection c = collection(collection, false);
            return c == null ? 0 : c.delete(ids, filter);
        });
    }

    @Override
    public Future<List<VectorRecord>> get(String collection, List<String> ids) {
        return blocking(() -> {
            LuceneCollection c = ids.isEmpty() ? null : collection(collection, false);
            return c == null ? List.of() : c.get(ids);
        });
    }

    @Override
    public Future<Long> count(String collection, VectorFilter filter) {
        return blocking(() -> {
            LuceneCollection c = collection(collection, false);
            return c == null ? 0L : c.count(filter);
        });
    }

    @Override
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            synchronized (collections) {
                if (closed) {
                    return null;
                }
                closed = true;
                IOException first = null;
                for (LuceneCollection c : collections.values()) {
                    try {
                        c.close();
                    } catch (IOException e) {
                        first = first == null ? e : first;
                    }
                }
                collections.clear();
                rootLock.close();
                rootDirectory.close();
                if (first != null) {
                    throw first;
                }
                return null;
            }
        }, false);
    }
}
