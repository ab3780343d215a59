package io.github.lstmhdl.layout;

/**
 * What one dimension of a network's input or output tensor means, as the source model declares it.
 * The processor works on one sequence at a time, laid out [time][feature]; these axes tell a host (and
 * the command line's {@code run}) how to map the source model's tensors, such as ONNX's [T, N, D] or
 * Keras's [N, T, D], onto that layout and back.
 */
public enum Axis {
    /** The time step. */
    TIME,
    /** The batch: each index is an independent sequence, run in turn. */
    BATCH,
    /** The direction of a bidirectional layer (forward first); features of one direction follow. */
    DIRECTION,
    /** The feature (or hidden unit, or class) index. */
    FEATURE,
    /** A dimension of size 1 that carries no meaning, such as ONNX's num_directions of 1. */
    UNIT
}
