package io.github.lstmhdl.maven;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The lock that makes builds of one project take turns: two {@code mvn} processes (or two builds in one
 * JVM) that compile the networks of the same build directory at once would otherwise replace each
 * other's outputs and state under their feet. The second waits, saying so once, and then finds the
 * outputs up to date; after {@code timeout} it fails with a message naming the lock file. The lock is an
 * operating-system file lock, so a killed build never leaves it held.
 */
final class BuildLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private BuildLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when the lock stays held for longer than the timeout. */
    static final class TimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        TimeoutException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock of {@code file}, waiting while another build holds it.
     *
     * @param waiting told once, with the lock file, when another build holds it
     * @throws TimeoutException when it is still held after {@code timeout}
     */
    static BuildLock acquire(Path file, Duration timeout, Consumer<Path> waiting) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by another build in this JVM
                }
                if (lock != null) {
                    return new BuildLock(channel, lock);
                }
                if (!told) {
                    waiting.accept(file);
                    told = true;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("another build of this project has held " + file + " for more than "
                            + timeout.toSeconds() + " s; wait for it to finish or stop it, then build again");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the build lock " + file, e);
                }
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
