package io.github.lstmhdl.output;

import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.image.RegionContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes one generated file so that a reader never sees a half-written one and an unchanged file keeps
 * its time stamp (a one-file {@link OutputSet} staged beside its target), and computes digests.
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
        try (OutputSet set = OutputSet.besideTargets()) {
            boolean changed = set.stage(target, content).changed();
            set.commit();
            return changed;
        }
    }

    /** The SHA-256 of a content's bytes. */
    public static byte[] sha256(RegionContent content) throws IOException {
        MessageDigest md = ContentChecksum.newDigest();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            content.writeTo(out);
        }
        return md.digest();
    }

    /** The SHA-256 of a file's bytes. */
    public static byte[] sha256(Path file) throws IOException {
        MessageDigest md = ContentChecksum.newDigest();
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
}
