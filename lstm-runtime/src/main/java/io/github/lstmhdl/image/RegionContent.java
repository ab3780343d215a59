package io.github.lstmhdl.image;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The initial bytes of a region, produced on demand so that large weight regions stream from the
 * network's tensors into the image file without a second copy in memory. {@link #writeTo} may be
 * called more than once (once to checksum, once to write) and must give the same bytes each time.
 */
public interface RegionContent {

    /** The number of bytes {@link #writeTo} writes. */
    long size();

    /** Writes the region's bytes, little-endian. */
    void writeTo(OutputStream out) throws IOException;

    /** Content held as an array (small regions: instructions, scheduler data). */
    static RegionContent of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new RegionContent() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(copy);
            }
        };
    }
}
