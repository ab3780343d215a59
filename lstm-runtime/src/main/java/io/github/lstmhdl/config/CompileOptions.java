package io.github.lstmhdl.config;

/**
 * What steers the compile of a network onto a {@link ProcessorModel}: the frame limit, FC tiling,
 * where softmax runs, and the optimizations (gate fusion, fused activations, input projection).
 *
 * @param maxSequenceLength the frames that the input and output regions hold (the toolbox's
 *                          InputFrameNumberLimit); 0 = the model's fixed length, else 30
 * @param fcTiling          whether a longer vector is tiled over the FC memories (else rejected)
 * @param softmaxOnHost     softmax is a software layer run by the host (as the toolbox does)
 * @param gateFusion        one FC over the four gates per step (off: the toolbox's four FCs); for a GRU,
 *                          one FC over the input columns of its three gates and one over the recurrent
 *                          columns of r and z (off: the toolbox's L.wh and L.rh), the same bits either way
 * @param fusedActivations  gate activations applied in the FC write-back where possible
 * @param inputProjection   the input projection W·x_t + b of all time steps computed by one FC loop
 *                          before the recurrence (a T × 4H buffer), so that each step only multiplies
 *                          the recurrent weights; applied with gate fusion only, and dropped with a
 *                          notice when the buffer would make the network overflow the memory. Off by
 *                          default: the default decomposition is the toolbox's ([x_t; h_{t-1}] concat)
 */
public record CompileOptions(
        int maxSequenceLength,
        boolean fcTiling,
        boolean softmaxOnHost,
        boolean gateFusion,
        boolean fusedActivations,
        boolean inputProjection) {

    /** The default frame limit when the model's sequence length is dynamic, as the toolbox's. */
    public static final int DEFAULT_FRAME_LIMIT = 30;

    public CompileOptions {
        if (maxSequenceLength < 0) {
            throw new IllegalArgumentException("maxSequenceLength must not be negative");
        }
    }

    /** The frame limit to use for a model whose fixed sequence length is {@code modelLength} (0 = dynamic). */
    public int effectiveFrameLimit(int modelLength) {
        if (maxSequenceLength > 0) {
            return maxSequenceLength;
        }
        return modelLength > 0 ? modelLength : DEFAULT_FRAME_LIMIT;
    }
}
