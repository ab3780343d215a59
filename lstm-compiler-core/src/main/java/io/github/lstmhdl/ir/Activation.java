package io.github.lstmhdl.ir;

/**
 * An elementwise activation function that the processor's activation kernel provides. {@link #ELU} and
 * {@link #PRELU} take one parameter per feature (ELU's alpha, PReLU's slope; a LeakyReLU is a PReLU
 * whose slopes are all its alpha), which the layer holds and the processor reads beside the input.
 */
public enum Activation {
    RELU,
    SIGMOID,
    TANH,
    /** x for x ≥ 0, alpha · (e^x − 1) below (ONNX Elu). */
    ELU,
    /** x for x ≥ 0, slope · x below (ONNX PRelu, and LeakyRelu with every slope its alpha). */
    PRELU,
    /** x · Φ(x) = x/2 · (1 + erf(x / √2)) (ONNX Gelu, approximate "none"). */
    GELU,
    /** x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³))) (ONNX Gelu, approximate "tanh"). */
    GELU_TANH;

    /** Whether the function takes one parameter per feature. */
    public boolean parameterized() {
        return this == ELU || this == PRELU;
    }
}
