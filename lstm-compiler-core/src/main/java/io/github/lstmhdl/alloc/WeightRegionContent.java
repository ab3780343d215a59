package io.github.lstmhdl.alloc;

import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.lower.FloatSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The FC weight region's bytes, streamed from the network's tensors through a small buffer in
 * {@link WeightLayout} order (zero bytes in the alignment gaps), float32 little-endian. Nothing but
 * the buffer is held: the weights are never copied as a whole.
 */
public final class WeightRegionContent implements RegionContent {
    private static final int CHUNK = 1 << 16;
    private static final byte[] ZEROS = new byte[CHUNK];

    private final WeightLayout layout;

    public WeightRegionContent(WeightLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    @Override
    public long size() {
        return layout.size();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        Writer w = new Writer(out);
        try {
            for (WeightLayout.Entry e : layout.entries()) {
                w.zeroBytes(e.offset() - w.written);
                long before = w.written;
                e.block().source().writeTo(w);
                if (w.written - before != e.bytes()) {
                    throw new IllegalStateException(e.block().name() + " wrote " + (w.written - before)
                            + " bytes instead of " + e.bytes());
                }
            }
            w.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static final class Writer implements FloatSink {
        private final OutputStream out;
        private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        Writer(OutputStream out) {
            this.out = out;
        }

        @Override
        public void put(float[] values, int offset, int length) {
            // bulk copies through a little-endian float view: no per-element call
            int done = 0;
            while (done < length) {
                if (buf.remaining() < 4) {
                    flush();
                }
                int n = Math.min(length - done, buf.remaining() / 4);
                buf.asFloatBuffer().put(values, offset + done, n);
                buf.position(buf.position() + 4 * n);
                done += n;
            }
            written += 4L * length;
        }

        @Override
        public void zeros(long count) {
            zeroBytes(4 * count);
        }

        void zeroBytes(long bytes) {
            long left = bytes;
            while (left > 0) {
                if (!buf.hasRemaining()) {
                    flush();
                }
                int n = (int) Math.min(left, buf.remaining());
                buf.put(ZEROS, 0, n);
                left -= n;
            }
            written += bytes;
        }

        void flush() {
            try {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
