package io.github.lstmhdl.maven;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The lock that makes builds of one project take turns: two {@code mvn} processes (or two builds in one
 * JVM) that compile the networks of the same build directory at once would otherwise replace each
 * other's outputs and state under their feet. The second waits, saying so once, and then finds the
 * outputs up to date; after {@code timeout} it fails with a message naming the lock file. The lock is an
 * operating-system file lock, so a killed build never leaves it held.
 */
final class BuildLock implements AutoCloseable {

    /**
     * The holders in this JVM, by lock file. A second build in the same JVM must wait here, before it
     * opens the file: closing any channel of a locked file releases the process's lock on it (POSIX
     * record locks belong to the process), so a waiter that gave up would free the file for other
     * processes while the first build still runs. The one piece of static state of the plugin, because
     * the lock it stands for is per process.
     */
    private static final ConcurrentHashMap<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;

    private BuildLock(Semaphore local, FileChannel channel, FileLock lock) {
        this.local = local;
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
        Path key = file.toAbsolutePath().normalize();
        Files.createDirectories(key.getParent());
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore local = IN_THIS_JVM.computeIfAbsent(key, k -> new Semaphore(1));
        boolean told = false;
        try {
            if (!local.tryAcquire()) {
                waiting.accept(file);
                told = true;
                if (!local.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw timeout(file, timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the build lock " + file, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new BuildLock(local, channel, lock);
                }
                if (!told) {
                    waiting.accept(file);
                    told = true;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw timeout(file, timeout);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(local, channel);
            throw new IOException("interrupted while waiting for the build lock " + file, e);
        } catch (Throwable e) {
            release(local, channel);
            throw e;
        }
    }

    private static TimeoutException timeout(Path file, Duration timeout) {
        return new TimeoutException("another build of this project has held " + file + " for more than "
                + timeout.toSeconds() + " s; wait for it to finish or stop it, then build again");
    }

    private static void release(Semaphore local, FileChannel channel) throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            local.release();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            release(local, channel);
        }
    }
}
