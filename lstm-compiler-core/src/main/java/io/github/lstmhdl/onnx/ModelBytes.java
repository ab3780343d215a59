package io.github.lstmhdl.onnx;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of a model (or of an external data file), read by position: an array already in memory,
 * or an open file read through {@link FileChannel} positional reads. The wire reader parses the
 * message structure through {@link #stream()} and only notes where each {@code raw_data} lies; the
 * tensor decoder reads those ranges later, in chunks, straight into the decoded arrays. So a model
 * read from a file is never held on the heap as a whole (and no mapping keeps the file open on
 * systems that cannot delete a mapped file).
 */
abstract sealed class ModelBytes {
    private ModelBytes() {
    }

    /** Bytes already in memory (not copied). */
    static ModelBytes of(byte[] bytes) {
        return new InMemory(bytes);
    }

    /** An open file, read by position; the caller keeps it open while tensors are decoded, then closes it. */
    static ModelBytes of(FileChannel channel) throws IOException {
        return new InFile(channel, channel.size());
    }

    /** The number of bytes. */
    abstract long size();

    /** A sequential stream over all bytes; {@link InputStream#skip} moves without reading. */
    abstract InputStream stream();

    /**
     * Fills {@code dst} (from its position to its limit) with the bytes from {@code offset} on.
     *
     * @throws EOFException when the range goes past the end
     */
    abstract void read(long offset, ByteBuffer dst) throws IOException;

    private static final class InMemory extends ModelBytes {
        private final byte[] bytes;

        InMemory(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.length;
        }

        @Override
        InputStream stream() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        void read(long offset, ByteBuffer dst) throws IOException {
            int n = dst.remaining();
            if (offset < 0 || offset > bytes.length - n) {
                throw new EOFException("bytes " + offset + " to " + (offset + n) + " lie past the end (" + bytes.length + ")");
            }
            dst.put(bytes, (int) offset, n);
        }
    }

    private static final class InFile extends ModelBytes {
        private final FileChannel channel;
        private final long size;

        InFile(FileChannel channel, long size) {
            this.channel = channel;
            this.size = size;
        }

        @Override
        long size() {
            return size;
        }

        @Override
        InputStream stream() {
            return new InputStream() {
                private long position;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return 0;
                    }
                    if (position >= size) {
                        return -1;
                    }
                    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, size - position)), position);
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                }

                @Override
                public long skip(long n) {
                    long step = Math.max(0, Math.min(n, size - position));
                    position += step;
                    return step;
                }

                @Override
                public int available() {
                    return (int) Math.min(Integer.MAX_VALUE, size - position);
                }
            };
        }

        @Override
        void read(long offset, ByteBuffer dst) throws IOException {
            if (offset < 0 || offset > size - dst.remaining()) {
                throw new EOFException("bytes " + offset + " to " + (offset + dst.remaining())
                        + " lie past the end (" + size + ")");
            }
            long at = offset;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, at);
                if (n < 0) {
                    throw new EOFException("the file ends at " + at + " (it was shortened while being read)");
                }
                at += n;
            }
        }
    }
}
