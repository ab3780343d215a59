package io.github.lstmhdl.image.writer;

import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.image.RegionContent;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes a compiled network as its image: a little-endian ELF executable for {@code EM_NONE} (ELF32,
 * or ELF64 when an address or file offset needs more than 32 bits) whose loadable segments are the
 * initialized regions at their physical addresses. See {@code docs/image-format.md}.
 *
 * <p>The regions' contents stream from their {@link RegionContent}s straight into the output, so a
 * large weight region is never held in memory by the writer. While streaming, the writer recomputes
 * the content checksum and refuses to finish an image whose metadata carries a different one. The
 * same compiled network always gives the same bytes: no time stamps, no paths, a fixed order.
 */
public final class ElfImageWriter {
    private static final byte[] ZEROS = new byte[8192];

    private ElfImageWriter() {
    }

    /**
     * Writes the image of a network. The stream is not closed.
     *
     * @throws IllegalArgumentException when the network is inconsistent (its metadata's memory map
     *                                  differs from its own, a content exceeds its region, a symbol
     *                                  lies outside its region), before anything is written
     * @throws IllegalStateException    when a region's content writes a different number of bytes than
     *                                  its size, or its bytes do not match the metadata's checksum; the
     *                                  output is then incomplete and must be discarded
     */
    public static void write(CompiledNetwork network, OutputStream out) throws IOException {
        write(ElfLayout.plan(network), out);
    }

    /**
     * The image as a content whose size is known before it is written, for a {@code GeneratedFile}.
     * Validates the network now; the bytes are produced on each {@link RegionContent#writeTo}.
     *
     * @throws IllegalArgumentException as {@link #write}
     */
    public static RegionContent asContent(CompiledNetwork network) {
        ElfLayout layout = ElfLayout.plan(network);
        return new RegionContent() {
            @Override
            public long size() {
                return layout.totalSize;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                write(layout, out);
            }
        };
    }

    private static void write(ElfLayout layout, OutputStream out) throws IOException {
        out.write(layout.head);
        long pos = layout.head.length;
        MessageDigest md = ContentChecksum.newDigest();
        for (ElfLayout.Part part : layout.parts) {
            pad(out, part.fileOffset() - pos);
            RegionSink sink = new RegionSink(out, md, part);
            part.content().writeTo(sink);
            if (sink.written != part.size()) {
                throw new IllegalStateException("the content of " + part.region().kind() + " wrote " + sink.written
                        + " bytes but declared " + part.size());
            }
            pos = part.fileOffset() + part.size();
        }
        String actual = HexFormat.of().formatHex(md.digest());
        if (!actual.equals(layout.expectedContentSha256)) {
            throw new IllegalStateException("content checksum mismatch: the metadata says " + layout.expectedContentSha256
                    + " but the regions' bytes hash to " + actual);
        }
        pad(out, layout.tailOffset - pos);
        out.write(layout.tail);
    }

    private static void pad(OutputStream out, long count) throws IOException {
        while (count > 0) {
            int n = (int) Math.min(count, ZEROS.length);
            out.write(ZEROS, 0, n);
            count -= n;
        }
    }

    /** Passes a region's bytes through to the image, hashing and counting them; never closes the image. */
    private static final class RegionSink extends FilterOutputStream {
        private final MessageDigest md;
        private final ElfLayout.Part part;
        long written;

        RegionSink(OutputStream out, MessageDigest md, ElfLayout.Part part) {
            super(out);
            this.md = md;
            this.part = part;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
            md.update((byte) b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
            md.update(b, off, len);
            written += len;
        }

        private void check(int len) {
            if (written + len > part.size()) {
                throw new IllegalStateException("the content of " + part.region().kind()
                        + " writes more than its declared " + part.size() + " bytes");
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // the image stream belongs to the caller
        }
    }
}
