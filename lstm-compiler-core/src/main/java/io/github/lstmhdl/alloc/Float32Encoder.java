package io.github.lstmhdl.alloc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float32 elements: each value's IEEE 754 bits, little-endian, in bulk (no per-element call). */
final class Float32Encoder implements ElementEncoder {
    static final Float32Encoder INSTANCE = new Float32Encoder();

    private Float32Encoder() {
    }

    @Override
    public int elementBytes() {
        return Float.BYTES;
    }

    @Override
    public int encode(float[] values, int offset, int length, ByteBuffer out) {
        int n = Math.min(length, out.remaining() / Float.BYTES);
        out.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, offset, n);
        out.position(out.position() + Float.BYTES * n);
        return n;
    }
}
