package io.github.lstmhdl.alloc;

import java.nio.ByteBuffer;

/**
 * Int8 elements: one byte each, two's complement. The values it is given are already quantized (the
 * quantizer's output: weights, and the parameter records' bytes of docs/isa.md §4a, each an integer
 * in [−128, 127] held exactly by a float), so encoding is a narrowing that must lose nothing; anything
 * else is a compiler bug, reported at once rather than rounded into the image.
 */
final class Int8Encoder implements ElementEncoder {
    static final Int8Encoder INSTANCE = new Int8Encoder();

    private Int8Encoder() {
    }

    @Override
    public int elementBytes() {
        return 1;
    }

    /** @throws IllegalArgumentException for a value that is not an integer in [−128, 127] */
    @Override
    public int encode(float[] values, int offset, int length, ByteBuffer out) {
        int n = Math.min(length, out.remaining());
        for (int i = 0; i < n; i++) {
            float v = values[offset + i];
            if (!(v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) || v != (int) v) {
                throw new IllegalArgumentException("value " + v + " at " + (offset + i)
                        + " is not a quantized int8 (an integer in [-128, 127])");
            }
            out.put((byte) v);
        }
        return n;
    }
}
