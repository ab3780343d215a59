package io.github.lstmhdl.lower;

/**
 * Produces a weight block's elements, in layout order, straight from the network's tensors: weights
 * are streamed, never held twice. Must produce the same elements every time it is called.
 */
@FunctionalInterface
public interface WeightSource {
    /** Writes every element of the block to {@code sink}. */
    void writeTo(FloatSink sink);
}
