package io.github.lstmhdl.lower;

/** Where a component runs: the processor's FC kernel, its elementwise/activation kernel, or the host. */
public enum ComponentKernel {
    /** The fully connected (matrix-vector) kernel. */
    FC,
    /** The elementwise and activation kernel (add, multiply, sigmoid, tanh, copy, softmax). */
    ELEMENTWISE,
    /** Software on the host, after the run (the toolbox's SW layer). */
    HOST
}
