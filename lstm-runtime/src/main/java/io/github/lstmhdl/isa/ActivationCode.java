package io.github.lstmhdl.isa;

/**
 * The activation applied by ACT, or by FC in its write-back. {@link #LSTM_GATES} applies the gate
 * activations of a fused LSTM gate block of 4 × aux rows: sigmoid on i and f, tanh on g, sigmoid on o.
 * {@link #ELU} and {@link #PRELU} take one parameter per element, read from operand b; they are ACT
 * activations only (an FC has its input vector at b).
 */
public enum ActivationCode {
    NONE(0),
    SIGMOID(1),
    TANH(2),
    RELU(3),
    LSTM_GATES(4),
    ELU(5),
    PRELU(6),
    GELU(7),
    GELU_TANH(8);

    private final int code;

    ActivationCode(int code) {
        this.code = code;
    }

    /** Whether the activation reads one parameter per element at operand b (ACT only). */
    public boolean parameterized() {
        return this == ELU || this == PRELU;
    }

    /** Whether the activation exists on the float32 datapath only (docs/isa.md §4a). */
    public boolean floatOnly() {
        return switch (this) {
            case ELU, PRELU, GELU, GELU_TANH -> true;
            case NONE, SIGMOID, TANH, RELU, LSTM_GATES -> false;
        };
    }

    /** The activation byte. */
    public int code() {
        return code;
    }

    /** The activation of a code byte, or null when none has that code. */
    public static ActivationCode ofCode(int code) {
        for (ActivationCode a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }
}
