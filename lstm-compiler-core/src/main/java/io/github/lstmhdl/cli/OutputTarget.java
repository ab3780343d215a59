package io.github.lstmhdl.cli;

import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.output.IoErrors;
import io.github.lstmhdl.output.OutputWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An output file that a user named on the command line, written to what that name is, as a shell's
 * {@code >} would: a symbolic link is followed and its target written (the link stays); a FIFO or a
 * device (such as {@code /dev/stdout} or {@code /dev/full}) is opened and written directly, so that a
 * write error such as a full device is reported; only a regular file, or a file that does not exist
 * yet, is replaced atomically (the bytes go to a temporary file in the same folder, which is then moved
 * over the target), so that a reader never sees half a file and a failed write leaves the old one.
 *
 * <p>A new file gets the permissions a new file gets from the user's umask, as a shell would give
 * it, and a replaced regular file keeps its permissions ({@link OutputWriter}).
 */
final class OutputTarget {
    /** Symbolic links followed at most, as Linux's {@code MAXSYMLINKS}: more means a loop. */
    private static final int MAX_LINKS = 40;

    private final Path named;

    /** @param named the path as the user gave it */
    OutputTarget(Path named) {
        this.named = named;
    }

    /**
     * Writes {@code bytes} to the named file.
     *
     * @throws IOException with a message in the user's terms (the folder that is missing, a folder where
     *                     a file belongs, the operating system's reason for a failed write); the named
     *                     file is then unchanged, or for a FIFO or a device partly written
     */
    void write(byte[] bytes) throws IOException {
        try {
            writeTo(followLinks(named), bytes);
        } catch (IOException e) {
            throw new IOException(reason(e), e);
        }
    }

    private static void writeTo(Path target, byte[] bytes) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        BasicFileAttributes folderAttributes = folder == null ? null : attributes(folder); // a link to a folder is one
        if (folder != null && folderAttributes == null) {
            throw new IOException("the folder " + folder + " does not exist");
        }
        if (folderAttributes != null && !folderAttributes.isDirectory()) {
            throw new IOException(folder + " is not a folder");
        }
        BasicFileAttributes attributes = attributes(target, LinkOption.NOFOLLOW_LINKS);
        if (attributes != null && attributes.isDirectory()) {
            throw new IOException("it is a folder");
        } else if (attributes == null || attributes.isRegularFile()) {
            // a temporary file beside it, moved over it: a reader never sees half a file
            OutputWriter.write(target, RegionContent.of(bytes));
        } else {
            // a FIFO, a character or block device or a socket: only writing into it gives the user the bytes
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
        }
    }

    /** The file a chain of symbolic links ends at (which may not exist), or the path itself when it is none. */
    private static Path followLinks(Path path) throws IOException {
        Path current = path;
        for (int i = 0; Files.isSymbolicLink(current); i++) {
            if (i == MAX_LINKS) {
                throw new IOException("more than " + MAX_LINKS + " symbolic links in a row (a loop?)");
            }
            Path link = Files.readSymbolicLink(current);
            Path parent = current.toAbsolutePath().getParent();
            current = parent == null ? link : parent.resolve(link);
        }
        return current;
    }

    /** The file's attributes, or null when there is no such file. */
    private static BasicFileAttributes attributes(Path path, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, options);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Why a write failed, in the user's words: the operating system's reason, and the file when one is named. */
    private static String reason(IOException e) {
        return IoErrors.describe(e);
    }
}
