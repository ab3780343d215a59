package io.github.lstmhdl;

import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.output.OutputWriter;
import io.github.lstmhdl.output.SelfHashingContent;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of an image file, which the generated constants carry. Hashing a large image is a full
 * pass over its weights, so the digest is captured while the image is written ({@link #recording()}),
 * and computed by a pass of its own only when it is asked for before the image has been written in
 * full. Every complete write of an image gives the same bytes (its writer checks the content checksum
 * on each pass), so the digest of any one complete write is the image's.
 */
final class ImageDigest {
    private final RegionContent image;
    private String sha256;

    ImageDigest(RegionContent image) {
        this.image = Objects.requireNonNull(image, "image");
    }

    /**
     * The image as a content that records its digest whenever it is written in full, and hands that
     * digest to a writer that would otherwise hash the same bytes again ({@link SelfHashingContent}).
     */
    SelfHashingContent recording() {
        return new SelfHashingContent() {
            private byte[] last;

            @Override
            public long size() {
                return image.size();
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                MessageDigest md = ContentChecksum.newDigest();
                image.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        md.update((byte) b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        md.update(b, off, len);
                    }

                    @Override
                    public void close() {
                        // the stream belongs to the caller
                    }
                });
                byte[] digest = md.digest();
                synchronized (this) {
                    last = digest;
                }
                offer(HexFormat.of().formatHex(digest));
            }

            @Override
            public synchronized byte[] sha256OfLastWrite() {
                if (last == null) {
                    throw new IllegalStateException("the image has not been written yet");
                }
                return last.clone();
            }
        };
    }

    /** The image's SHA-256 as lowercase hex; hashes the image now if no complete write recorded it. */
    synchronized String sha256() {
        if (sha256 == null) {
            try {
                sha256 = OutputWriter.hex(OutputWriter.sha256(image));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sha256;
    }

    private synchronized void offer(String hex) {
        if (sha256 == null) {
            sha256 = hex;
        }
    }
}
