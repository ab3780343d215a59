package io.github.lstmhdl.lower;

/** Receives the float32 elements of a weight block in order, without the block being materialized. */
public interface FloatSink {
    /** Appends {@code length} elements of {@code values} starting at {@code offset}. */
    void put(float[] values, int offset, int length);

    /** Appends {@code count} zeros (padding rows). */
    void zeros(long count);
}
