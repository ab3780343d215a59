package io.github.lstmhdl.lower;

/**
 * Where a component runs: the processor's FC kernel, its elementwise/activation kernel, the host, or
 * nowhere at all because operand placement does its work.
 */
public enum ComponentKernel {
    /** The fully connected (matrix-vector) kernel. */
    FC,
    /** The elementwise and activation kernel (add, multiply, sigmoid, tanh, copy, softmax). */
    ELEMENTWISE,
    /** Software on the host, after the run (the toolbox's SW layer). */
    HOST,
    /**
     * No kernel and no instruction: the operation is done by where the operands are read, as the depth
     * concatenation [x_t ; h_{t-1}] that the gate FCs read from x_t's and h_{t-1}'s own places.
     */
    IN_PLACE
}
