package io.github.lstmhdl.ir;

/** An elementwise activation function that the processor's activation kernel provides. */
public enum Activation {
    RELU,
    SIGMOID,
    TANH
}
