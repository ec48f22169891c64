package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Fetches a Hub repository's files into the Hugging Face cache: asks the Hub for the revision's commit and files,
 * picks the files ({@link HubFileSelection}), and downloads the ones the cache lacks, four at a time, each to
 * {@code blobs/<etag>.incomplete} (resumed with an HTTP Range after a dropped connection), checked against its
 * sha256 when the ETag is one, then moved to {@code blobs/<etag>} and linked from {@code snapshots/<commit>/}.
 * Offline ({@code local_files_only}, {@code HF_HUB_OFFLINE}) it uses the cache only.
 */
final class HubDownload {
    static final int PARALLEL_FILES = 4;
    static final int ATTEMPTS = 5;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HubModelSource source;
    private final DownloadProgress progress;
    private final HubCache cache;
    private final HubClient client;
    private final boolean offline;
    private final String revision;
    private final long retryDelayMillis;

    HubDownload(ModelResolver resolver, HubModelSource source, DownloadProgress progress) {
        this.source = source;
        this.progress = progress;
        this.cache = new HubCache(source.cacheDir() != null ? source.cacheDir() : resolver.hubCache());
        this.client = new HubClient(resolver.endpoint(), source.token() != null ? source.token() : resolver.token());
        this.offline = source.localFilesOnly() || resolver.offline();
        this.revision = source.revision() == null ? "main" : source.revision();
        this.retryDelayMillis = resolver.retryDelayMillis();
    }

    ResolvedModel run() {
        if (offline) {
            return fromCache(null);
        }
        HubClient.RepoInfo info;
        try {
            info = client.repoInfo(source.repository(), revision);
        } catch (HubClient.Unreachable e) {
            // as huggingface_hub does: without a network, what the cache holds will do
            if (cache.commit(source.repository(), revision).isPresent()) {
                return fromCache(e);
            }
            throw e;
        }
        HubFileSelection selection = HubFileSelection.of(source, info.files());
        String commit = info.commit();
        Path snapshot = cache.snapshot(source.repository(), commit);
        List<String> missing = selection.files().stream().filter(f -> !Files.isRegularFile(snapshot.resolve(f)))
                .toList();
        if (!missing.isEmpty()) {
            try {
                CacheFolders.createDirectories(cache.root());
            } catch (IOException e) {
                throw CacheFolders.unwritable(cache.root(), e);
            }
        }
        fetch(commit, missing);
        cache.writeRef(source.repository(), revision, commit);
        cache.touch(source.repository(), commit);
        return resolved(snapshot, selection);
    }

    private ResolvedModel fromCache(ModelException unreachable) {
        String commit = cache.commit(source.repository(), revision).orElseThrow(() -> new ModelException(
                "model " + source.describe() + " is not in the cache at " + cache.repositoryFolder(source.repository())
                        + " and downloads are off (" + offReason() + "): run compose models pull "
                        + source.repository() + (revision.equals("main") ? "" : "@" + revision)
                        + " while online, or turn local_files_only / HF_HUB_OFFLINE off"));
        Path snapshot = cache.snapshot(source.repository(), commit);
        List<String> files = new ArrayList<>(HubCache.files(snapshot).keySet());
        HubFileSelection selection;
        try {
            selection = HubFileSelection.of(source, files);
        } catch (ModelException e) {
            throw new ModelException("model " + source.describe() + " is only partly in the cache at " + snapshot
                    + " and downloads are off (" + (unreachable != null ? unreachable.getMessage() : offReason())
                    + "): " + e.getMessage(), e);
        }
        cache.touch(source.repository(), commit);
        return resolved(snapshot, selection);
    }

    private String offReason() {
        return source.localFilesOnly() ? "local_files_only: true" : "HF_HUB_OFFLINE is set";
    }

    private ResolvedModel resolved(Path snapshot, HubFileSelection selection) {
        String name = source.describe();
        if (selection.main() != null) {
            Path main = snapshot.resolve(selection.main());
            String format = selection.format() != null ? selection.format()
                    : FormatDetection.ofFileName(selection.main());
            if (format != null) {
                return new ResolvedModel(main, format, name);
            }
        }
        return FormatDetection.resolve(snapshot, selection.format(), name);
    }

    private void fetch(String commit, List<String> files) {
        if (files.isEmpty()) {
            return;
        }
        if (files.size() == 1) {
            fetchFile(commit, files.get(0));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_FILES, files.size()), task -> {
            Thread thread = new Thread(task, "model-download-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String file : files) {
                futures.add(pool.submit(() -> fetchFile(commit, file)));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new ModelException("downloading " + source.describe() + " failed: " + e.getCause(), e);
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new ModelException("the download of " + source.describe() + " was interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void fetchFile(String commit, String file) {
        String repository = source.repository();
        HubClient.FileMeta meta = client.fileMeta(repository, commit, file);
        Path blob = cache.blob(repository, meta.etag());
        if (!Files.isRegularFile(blob)) {
            cache.locked(repository, meta.etag(), () -> {
                if (!Files.isRegularFile(blob)) {
                    download(meta, file, blob);
                }
                return null;
            });
        }
        cache.link(repository, commit, file, meta.etag());
        progress.finished(repository, file);
    }

    private void download(HubClient.FileMeta meta, String file, Path blob) {
        String repository = source.repository();
        Path incomplete = cache.incomplete(repository, meta.etag());
        try {
            CacheFolders.createDirectories(blob.getParent());
        } catch (IOException e) {
            throw CacheFolders.unwritable(blob.getParent(), e);
        }
        long have = size(incomplete);
        if (meta.size() >= 0 && have > meta.size()) {
            delete(incomplete);
            have = 0;
        }
        progress.started(repository, file, have, meta.size());
        try (OutputStream created = open(incomplete, true)) {
            created.flush();
        } catch (IOException e) {
            throw CacheFolders.unwritable(incomplete, e);
        }
        int failures = 0;
        while (meta.size() < 0 || have < meta.size()) {
            long before = have;
            try {
                if (transfer(meta, file, incomplete, have)) {
                    break;
                }
            } catch (DroppedConnection e) {
                have = size(incomplete);
                failures = have > before ? 1 : failures + 1;
                if (failures >= ATTEMPTS) {
                    throw new ModelException("downloading " + file + " of " + repository + " failed " + ATTEMPTS
                            + " times in a row (" + e.getCause().getMessage() + "; " + meta.download()
                            + "); run again to resume from " + have + " bytes", e.getCause());
                }
                sleep(retryDelayMillis << Math.min(failures - 1, 5));
                continue;
            }
            have = size(incomplete);
        }
        verify(meta, file, incomplete);
        try {
            HubCache.move(incomplete, blob);
        } catch (IOException e) {
            throw CacheFolders.unwritable(blob, e);
        }
    }

    /** A connection that broke while bytes were coming: worth another try. */
    private static final class DroppedConnection extends Exception {
        DroppedConnection(IOException cause) {
            super(cause);
        }
    }

    /**
     * One GET from byte {@code from} on, appended to {@code incomplete}. True when the file is complete as far as the
     * server says (its length was unknown and the body ended).
     */
    private boolean transfer(HubClient.FileMeta meta, String file, Path incomplete, long from)
            throws DroppedConnection {
        String repository = source.repository();
        HttpResponse<InputStream> response;
        try {
            response = client.open(meta.download(), from, repository, revision, file);
        } catch (HubClient.Unreachable e) {
            throw new DroppedConnection(e.getCause() instanceof IOException io ? io : new IOException(e.getMessage()));
        }
        int status = response.statusCode();
        if (status == 416) {
            HubClient.close(response);
            if (meta.size() >= 0 && from == meta.size()) {
                return true;
            }
            delete(incomplete); // what we have does not fit the file: start over
            throw new DroppedConnection(new IOException("the server refused the range from byte " + from));
        }
        boolean append = status == 206 && from > 0;
        if (!append && from > 0) {
            progress.started(repository, file, 0, meta.size()); // the server ignored the Range: start again
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = response.body();
             OutputStream out = open(incomplete, append)) {
            while (true) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    throw new DroppedConnection(e);
                }
                if (read < 0) {
                    break;
                }
                try {
                    out.write(buffer, 0, read);
                } catch (IOException e) {
                    throw CacheFolders.unwritable(incomplete, e);
                }
                progress.advanced(repository, file, read);
                if (Thread.currentThread().isInterrupted()) {
                    throw new ModelException("the download of " + file + " of " + repository + " was cancelled");
                }
            }
        } catch (IOException e) {
            throw CacheFolders.unwritable(incomplete, e);
        }
        return meta.size() < 0;
    }

    /** Opens {@code incomplete} for writing, creating it; an unwritable cache is an error that names it. */
    private static OutputStream open(Path incomplete, boolean append) {
        try {
            return Files.newOutputStream(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw CacheFolders.unwritable(incomplete, e);
        }
    }

    private void verify(HubClient.FileMeta meta, String file, Path incomplete) {
        long size = size(incomplete);
        if (meta.size() >= 0 && size != meta.size()) {
            delete(incomplete);
            throw new ModelException("downloaded " + file + " of " + source.repository() + " has " + size
                    + " bytes, the Hub announced " + meta.size() + "; the partial file was removed, run again");
        }
        if (!SHA256.matcher(meta.etag()).matches()) {
            return;
        }
        String actual = sha256(incomplete);
        if (!actual.equals(meta.etag())) {
            delete(incomplete);
            throw new ModelException("checksum mismatch for " + file + " of " + source.repository()
                    + ": expected sha256 " + meta.etag() + ", got " + actual
                    + " (the download was corrupted and removed; run again)");
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[256 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the next attempt truncates it
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("the download was interrupted", e);
        }
    }
}
