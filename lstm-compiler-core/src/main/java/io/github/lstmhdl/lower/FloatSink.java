package io.github.lstmhdl.lower;

/**
 * Receives a weight block's values in order, without the block being materialized. The values are the
 * network's (float32, as the IR holds them); the receiver encodes them in the processor's data type
 * ({@code alloc.ElementEncoder}), so nothing here fixes the size of an element in the image.
 */
public interface FloatSink {
    /** Appends {@code length} elements of {@code values} starting at {@code offset}. */
    void put(float[] values, int offset, int length);

    /** Appends {@code count} zeros (padding rows). */
    void zeros(long count);
}
