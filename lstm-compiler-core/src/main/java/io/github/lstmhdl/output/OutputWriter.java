package io.github.lstmhdl.output;

import io.github.lstmhdl.image.RegionContent;
import java.io.BufferedOutputStream;
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
import java.util.HexFormat;

/**
 * Writes generated files so that a reader never sees a half-written one and an unchanged file keeps
 * its time stamp: content goes to a temporary file in the target's folder, which then replaces the
 * target in one atomic move, and only when the bytes differ from what is already there (compared
 * file to file, so the content is produced once).
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
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            long size = Files.size(tmp);
            if (size != content.size()) {
                throw new IOException("generated " + target.getFileName() + " has " + size
                        + " bytes but its content declared " + content.size());
            }
            if (Files.isRegularFile(target) && Files.size(target) == size && Files.mismatch(tmp, target) == -1) {
                return false;
            }
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // temporary files are private; generated files are ordinary readable build outputs
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            move(tmp, target);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // some file systems refuse an atomic move over an existing file
            if (!Files.exists(target)) {
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
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
