package io.github.lstmhdl.image;

import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The content checksum that an image's metadata carries ({@link ImageMetadata#contentSha256()}):
 * SHA-256, as lowercase hex, of the initialized regions' bytes (each region's content, without the
 * zero padding up to the region's size) concatenated in address order. The compiler computes it
 * before writing; the writer and the reader recompute it.
 */
public final class ContentChecksum {
    private ContentChecksum() {
    }

    /**
     * The checksum of the contents of a compiled network's initialized regions; streams each content
     * once.
     *
     * @param map      the memory map, which gives the address order
     * @param contents the initialized regions' contents; a missing one counts as empty
     */
    public static String sha256(MemoryMap map, Map<RegionKind, RegionContent> contents) throws IOException {
        MessageDigest md = newDigest();
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                md.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                md.update(b, off, len);
            }
        };
        for (Region r : map.regions()) {
            RegionContent c = contents.get(r.kind());
            if (r.kind().initialized() && c != null) {
                c.writeTo(sink);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The checksum of region contents held as arrays (a loaded image's). */
    public static String sha256OfBytes(MemoryMap map, Map<RegionKind, byte[]> contents) {
        MessageDigest md = newDigest();
        for (Region r : map.regions()) {
            byte[] c = contents.get(r.kind());
            if (r.kind().initialized() && c != null) {
                md.update(c);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 as lowercase hex of a whole byte array, such as an image file. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** A new SHA-256 digest: the project's one place that names the algorithm. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
