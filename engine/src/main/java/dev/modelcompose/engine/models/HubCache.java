package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Hugging Face hub cache folder in the layout {@code huggingface_hub} writes, so that both share files:
 * {@code models--org--name/blobs/<etag>}, {@code snapshots/<commit>/<file>} (relative symlinks to the blobs) and
 * {@code refs/<revision>} (the commit a branch or tag pointed at). Locks in {@code .locks/models--org--name/} keep
 * concurrent downloads of one blob (in this JVM or another) apart.
 */
public final class HubCache {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** A repository in the cache, for {@code compose models list}. */
    public record CachedRepository(String repository, Path folder, Map<String, String> refs, List<String> snapshots,
                                   long sizeBytes, Instant lastUsed) {
    }

    private final Path root;

    public HubCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code models--org--name}. */
    public Path repositoryFolder(String repository) {
        return root.resolve("models--" + repository.replace("/", "--"));
    }

    Path blob(String repository, String etag) {
        return repositoryFolder(repository).resolve("blobs").resolve(etag);
    }

    Path incomplete(String repository, String etag) {
        return repositoryFolder(repository).resolve("blobs").resolve(etag + ".incomplete");
    }

    public Path snapshot(String repository, String commit) {
        return repositoryFolder(repository).resolve("snapshots").resolve(commit);
    }

    /** The commit {@code revision} names in the cache: its ref, or itself when it is a cached commit hash. */
    public Optional<String> commit(String repository, String revision) {
        Path ref = repositoryFolder(repository).resolve("refs").resolve(revision);
        try {
            if (Files.isRegularFile(ref)) {
                String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
                if (!commit.isEmpty()) {
                    return Optional.of(commit);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (COMMIT.matcher(revision).matches() && Files.isDirectory(snapshot(repository, revision))) {
            return Optional.of(revision);
        }
        return Optional.empty();
    }

    void writeRef(String repository, String revision, String commit) {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = repositoryFolder(repository).resolve("refs").resolve(revision);
        try {
            if (commit(repository, revision).filter(commit::equals).isPresent()) {
                return;
            }
            CacheFolders.createDirectories(ref.getParent());
            Path temp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
            Files.writeString(temp, commit, StandardCharsets.UTF_8);
            move(temp, ref);
        } catch (IOException e) {
            throw CacheFolders.unwritable(ref, e);
        }
    }

    /** Points {@code snapshots/<commit>/<file>} at the blob (a relative symlink; a copy where links fail). */
    void link(String repository, String commit, String file, String etag) {
        Path target = snapshot(repository, commit).resolve(file);
        Path blob = blob(repository, etag);
        try {
            CacheFolders.createDirectories(target.getParent());
            Path relative = target.getParent().relativize(blob);
            if (Files.isSymbolicLink(target) && Files.readSymbolicLink(target).equals(relative)) {
                return;
            }
            Files.deleteIfExists(target);
            try {
                Files.createSymbolicLink(target, relative);
            } catch (FileAlreadyExistsException e) {
                // another process linked it at the same moment: same content
            } catch (UnsupportedOperationException | IOException e) {
                Path temp = Files.createTempFile(target.getParent(), ".link", ".tmp");
                Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
                move(temp, target);
            }
        } catch (IOException e) {
            throw CacheFolders.unwritable(target, e);
        }
    }

    /** Runs {@code work} holding the lock of one blob, against this JVM's threads and other processes. */
    <T> T locked(String repository, String etag, Supplier<T> work) {
        Path lockFile = root.resolve(".locks").resolve(repositoryFolder(repository).getFileName())
                .resolve(etag + ".lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        jvmLock.lock();
        try {
            try {
                CacheFolders.createDirectories(lockFile.getParent());
            } catch (IOException e) {
                throw CacheFolders.unwritable(lockFile.getParent(), e);
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return work.get();
            } catch (IOException e) {
                throw CacheFolders.unwritable(lockFile, e);
            }
        } finally {
            jvmLock.unlock();
        }
    }

    /** Marks a snapshot as used now ({@code compose models list} shows it as "last used"). */
    void touch(String repository, String commit) {
        try {
            Files.setLastModifiedTime(snapshot(repository, commit), FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // a read-only shared cache: "last used" is only a hint
        }
    }

    /** Every repository in the cache, by name. */
    public List<CachedRepository> repositories() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<CachedRepository> repositories = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.sorted().toList()) {
                String name = folder.getFileName().toString();
                if (name.startsWith("models--") && Files.isDirectory(folder)) {
                    repositories.add(describe(name.substring("models--".length()).replace("--", "/"), folder));
                }
            }
        } catch (IOException e) {
            throw new ModelException("cannot read the model cache at " + root + ": " + e.getMessage(), e);
        }
        return repositories;
    }

    /** One repository in the cache, if there. */
    public Optional<CachedRepository> repository(String repository) {
        Path folder = repositoryFolder(repository);
        return Files.isDirectory(folder) ? Optional.of(describe(repository, folder)) : Optional.empty();
    }

    /** Deletes a repository's folder and locks; false when it was not cached. */
    public boolean remove(String repository) {
        Path folder = repositoryFolder(repository);
        if (!Files.isDirectory(folder)) {
            return false;
        }
        deleteTree(folder);
        deleteTree(root.resolve(".locks").resolve(folder.getFileName()));
        return true;
    }

    private CachedRepository describe(String repository, Path folder) {
        Map<String, String> refs = new LinkedHashMap<>();
        Path refsFolder = folder.resolve("refs");
        List<String> snapshots = new ArrayList<>();
        long size = 0;
        Instant lastUsed = Instant.EPOCH;
        try {
            if (Files.isDirectory(refsFolder)) {
                try (Stream<Path> files = Files.walk(refsFolder)) {
                    for (Path ref : files.filter(Files::isRegularFile).sorted().toList()) {
                        refs.put(refsFolder.relativize(ref).toString().replace('\\', '/'),
                                Files.readString(ref, StandardCharsets.UTF_8).strip());
                    }
                }
            }
            Path snapshotsFolder = folder.resolve("snapshots");
            if (Files.isDirectory(snapshotsFolder)) {
                try (Stream<Path> commits = Files.list(snapshotsFolder)) {
                    for (Path commit : commits.sorted().toList()) {
                        snapshots.add(commit.getFileName().toString());
                        Instant used = Files.getLastModifiedTime(commit).toInstant();
                        lastUsed = used.isAfter(lastUsed) ? used : lastUsed;
                    }
                }
            }
            Path blobs = folder.resolve("blobs");
            if (Files.isDirectory(blobs)) {
                try (Stream<Path> files = Files.list(blobs)) {
                    for (Path blob : files.filter(Files::isRegularFile).toList()) {
                        size += Files.size(blob);
                    }
                }
            } else if (Files.isDirectory(snapshotsFolder)) {
                size = treeSize(snapshotsFolder);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ModelException("cannot read the model cache at " + folder + ": " + e.getMessage(), e);
        }
        return new CachedRepository(repository, folder, refs, snapshots, size, lastUsed);
    }

    /** The files of a snapshot (relative paths, sorted) with their sizes. */
    public static Map<String, Long> files(Path snapshot) {
        Map<String, Long> files = new LinkedHashMap<>();
        if (!Files.isDirectory(snapshot)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(snapshot)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                files.put(snapshot.relativize(file).toString().replace('\\', '/'), Files.size(file));
            }
        } catch (IOException e) {
            throw new ModelException("cannot read " + snapshot + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static long treeSize(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ModelException("cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }
}
