package io.github.lstmhdl.alloc;

import io.github.lstmhdl.config.DataType;
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
 * {@link WeightLayout} order (zero bytes in the alignment gaps), each value encoded as the processor's
 * data type says ({@link ElementEncoder}). Nothing but the buffer is held: the weights are never copied
 * as a whole.
 */
public final class WeightRegionContent implements RegionContent {
    private static final int CHUNK = 1 << 16;
    private static final byte[] ZEROS = new byte[CHUNK];

    private final WeightLayout layout;
    private final ElementEncoder encoder;

    /**
     * @param layout   the region's layout, made for elements of {@code dataType}
     * @param dataType the processor's data type, which chooses the encoding
     * @throws IllegalArgumentException when a unit's bytes are not its elements in that data type
     */
    public WeightRegionContent(WeightLayout layout, DataType dataType) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.encoder = ElementEncoder.of(Objects.requireNonNull(dataType, "dataType"));
        for (WeightLayout.Entry e : layout.entries()) {
            if (e.bytes() != e.block().elements() * encoder.elementBytes()) {
                throw new IllegalArgumentException(e.block().name() + ": " + e.bytes() + " bytes for "
                        + e.block().elements() + " elements of " + dataType.id());
            }
        }
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

    private final class Writer implements FloatSink {
        private final OutputStream out;
        private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        Writer(OutputStream out) {
            this.out = out;
        }

        @Override
        public void put(float[] values, int offset, int length) {
            int done = 0;
            while (done < length) {
                if (buf.remaining() < encoder.elementBytes()) {
                    flush();
                }
                done += encoder.encode(values, offset + done, length - done, buf);
            }
            written += (long) encoder.elementBytes() * length;
        }

        @Override
        public void zeros(long count) {
            zeroBytes(encoder.elementBytes() * count);
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
