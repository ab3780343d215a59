package io.github.lstmhdl.output;

import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.image.RegionContent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the files of one network as one set: after {@link #commit()} every file holds its new bytes,
 * and when a write fails, none does (the files already replaced get their previous bytes back). Each
 * file's bytes are first written in full to a temporary file ({@linkplain #stage staged}); only when
 * every file of the set is staged are they moved over their targets, one atomic rename each, so the
 * window in which a kill leaves a mixed set is a few renames long instead of the time it takes to write
 * a large image, and a front end that keeps a journal (the Maven plugin) repairs even that on its next
 * run. A reader never sees a half-written file.
 *
 * <p>A target that already holds exactly the new bytes is left alone (it keeps its time stamp, so
 * compilers and jar tools see nothing new). Temporary files are created with the default permissions
 * of new files (the umask applies), not private ones: the targets are ordinary build outputs; a
 * replaced regular file keeps its permissions.
 *
 * <p>Temporary files go either into one staging folder of the caller's (outside every folder that
 * tools scan, so that an orphan left by a kill is never packaged, and which the caller may empty when
 * no other writer runs) or beside each target, under a short hidden name. When the staging folder is on
 * another file system than a target, that file is copied beside its target first and then renamed.
 * Not thread-safe; one set per network.
 */
public final class OutputSet implements AutoCloseable {

    /** The prefix of every temporary file name, for callers that remove orphans. */
    public static final String TEMPORARY_PREFIX = ".lstm-";
    /** The suffix of every temporary file name. */
    public static final String TEMPORARY_SUFFIX = ".tmp";

    private static final SecureRandom NAMES = new SecureRandom();

    /**
     * One staged file.
     *
     * @param target  where it goes
     * @param size    its size in bytes
     * @param sha256  the SHA-256 of its bytes
     * @param changed whether the target did not already hold these bytes (false: commit leaves it alone)
     */
    public record Staged(Path target, long size, byte[] sha256, boolean changed) {
        public Staged {
            Objects.requireNonNull(target, "target");
            sha256 = sha256.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }
    }

    private record Pending(Staged staged, Path temporary) {
    }

    private record Replaced(Path target, Optional<Path> backup) {
    }

    private final Optional<Path> staging;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Path> leftovers = new ArrayList<>();
    private boolean committed;

    private OutputSet(Optional<Path> staging) {
        this.staging = staging;
    }

    /** A set whose temporary files and backups go into {@code folder} (created when needed). */
    public static OutputSet stagedIn(Path folder) {
        return new OutputSet(Optional.of(folder.toAbsolutePath().normalize()));
    }

    /** A set whose temporary files and backups go beside each target. */
    public static OutputSet besideTargets() {
        return new OutputSet(Optional.empty());
    }

    /**
     * Writes {@code content} to a temporary file for {@code target}, hashing it on the way, and compares
     * it with what {@code target} holds now. Nothing at {@code target} changes before {@link #commit()}.
     *
     * @throws IOException when the temporary file cannot be written, or {@code target} is a folder
     */
    public Staged stage(Path target, RegionContent content) throws IOException {
        if (committed) {
            throw new IllegalStateException("the set is already committed");
        }
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new FileSystemException(absolute.toString(), null, "is a folder, not a file");
        }
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = newTemporary(staging.orElse(dir));
        byte[] digest;
        if (content instanceof SelfHashingContent hashing) { // it hashes itself: do not hash it twice
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE),
                    1 << 16)) {
                content.writeTo(out);
            }
            digest = hashing.sha256OfLastWrite();
        } else {
            MessageDigest md = ContentChecksum.newDigest();
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.WRITE), 1 << 16), md)) {
                content.writeTo(out);
            }
            digest = md.digest();
        }
        long size = Files.size(tmp);
        if (size != content.size()) {
            throw new IOException("generated " + absolute.getFileName() + " has " + size
                    + " bytes but its content declared " + content.size());
        }
        boolean changed = !(Files.isRegularFile(absolute) && Files.size(absolute) == size
                && Files.mismatch(tmp, absolute) == -1);
        Staged staged = new Staged(absolute, size, digest, changed);
        if (changed) {
            pending.add(new Pending(staged, tmp));
        } else {
            Files.deleteIfExists(tmp);
            leftovers.remove(tmp);
        }
        return staged;
    }

    /**
     * Moves every changed file over its target. When one move fails, the targets already replaced get
     * their previous bytes back (or are deleted when they were new) before the error is thrown.
     *
     * @throws IOException naming the target that could not be written
     */
    public void commit() throws IOException {
        if (committed) {
            throw new IllegalStateException("the set is already committed");
        }
        committed = true;
        List<Replaced> done = new ArrayList<>();
        try {
            for (Pending p : pending) {
                Path target = p.staged().target();
                keepPermissions(target, p.temporary());
                Optional<Path> backup = backup(target);
                done.add(new Replaced(target, backup));
                move(p.temporary(), target);
            }
        } catch (Throwable e) { // also an Error (an exhausted heap): the previous files come back first
            for (int i = done.size() - 1; i >= 0; i--) {
                try {
                    restore(done.get(i));
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Deletes every temporary file and backup that is left. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Path p : leftovers) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        leftovers.clear();
        if (first != null) {
            throw first;
        }
    }

    /** A regular file that is replaced keeps its permissions (a new one has the umask's). */
    private static void keepPermissions(Path target, Path replacement) throws IOException {
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && Files.getFileStore(replacement).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** A link to (or, where links are not possible, a copy of) the file the commit replaces. */
    private Optional<Path> backup(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path dir = staging.orElse(target.getParent());
        for (int attempt = 0; ; attempt++) {
            Path backup = dir.resolve(TEMPORARY_PREFIX + Long.toHexString(NAMES.nextLong()) + ".bak");
            try {
                Files.createLink(backup, target);
                leftovers.add(backup);
                return Optional.of(backup);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                leftovers.add(backup);
                return Optional.of(backup);
            }
        }
    }

    private void restore(Replaced replaced) throws IOException {
        if (replaced.backup().isPresent()) {
            move(replaced.backup().get(), replaced.target());
        } else {
            Files.deleteIfExists(replaced.target());
        }
    }

    /** An atomic rename; across file systems a copy beside the target first, then the rename. */
    private void move(Path from, Path target) throws IOException {
        try {
            Files.move(from, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Path beside = newTemporary(target.getParent());
            Files.copy(from, beside, StandardCopyOption.REPLACE_EXISTING);
            Files.move(beside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(from);
        }
        leftovers.remove(from);
    }

    /** A new empty file with a random short hidden name, created with the default permissions. */
    private Path newTemporary(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(TEMPORARY_PREFIX + Long.toHexString(NAMES.nextLong()) + TEMPORARY_SUFFIX);
            try {
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                leftovers.add(tmp);
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }
}
