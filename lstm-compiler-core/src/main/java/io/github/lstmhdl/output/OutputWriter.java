package io.github.lstmhdl.output;

import io.github.lstmhdl.image.RegionContent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Writes generated files so that a reader never sees a half-written one and an unchanged file keeps
 * its time stamp: content goes to a temporary file in the target's folder, which then replaces the
 * target in one atomic move, and only when the bytes differ from what is already there (checked by
 * streaming the content against the file once, so a large image is not hashed twice to find out).
 */
public final class OutputWriter {
    private OutputWriter() {
    }

    /**
     * Writes {@code content} to {@code target} atomically unless the file already holds exactly these bytes.
     *
     * @return true when the file was written, false when it was already up to date
     */
    public static boolean write(Path target, RegionContent content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (Files.isRegularFile(target) && Files.size(target) == content.size() && holds(target, content)) {
            return false;
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // temporary files are private; generated files are ordinary readable build outputs
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Whether a file holds exactly a content's bytes: one pass that compares the content, as it is
     * produced, with the file, and stops at the first difference (no digest of either side).
     */
    static boolean holds(Path file, RegionContent content) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ComparingStream compare = new ComparingStream(in);
            try {
                content.writeTo(compare);
            } catch (Difference e) {
                return false;
            }
            return in.read() < 0;
        }
    }

    /** Thrown (without a stack trace) to stop streaming a content at its first byte that differs. */
    private static final class Difference extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Difference() {
            super(null, null, false, false);
        }
    }

    /** An output stream that checks each byte written against the next byte of a file. */
    private static final class ComparingStream extends OutputStream {
        private final InputStream expected;
        private byte[] buffer = new byte[0];

        ComparingStream(InputStream expected) {
            this.expected = expected;
        }

        @Override
        public void write(int b) throws IOException {
            if (expected.read() != (b & 0xff)) {
                throw new Difference();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (buffer.length < len) {
                buffer = new byte[Math.min(Math.max(len, 1 << 12), 1 << 20)];
            }
            for (int done = 0; done < len; ) {
                int n = expected.readNBytes(buffer, 0, Math.min(buffer.length, len - done));
                if (n == 0 || Arrays.mismatch(buffer, 0, n, b, off + done, off + done + n) >= 0) {
                    throw new Difference();
                }
                done += n;
            }
        }
    }

    /** The SHA-256 of a content's bytes. */
    public static byte[] sha256(RegionContent content) throws IOException {
        MessageDigest md = newSha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            content.writeTo(out);
        }
        return md.digest();
    }

    /** The SHA-256 of a file's bytes. */
    public static byte[] sha256(Path file) throws IOException {
        MessageDigest md = newSha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    /** Lower-case hex of a digest. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
