package io.github.lstmhdl.isa;

/**
 * The activation applied by ACT, or by FC in its write-back. {@link #LSTM_GATES} applies the gate
 * activations of a fused LSTM gate block of 4 × aux rows: sigmoid on i and f, tanh on g, sigmoid on o.
 */
public enum ActivationCode {
    NONE(0),
    SIGMOID(1),
    TANH(2),
    RELU(3),
    LSTM_GATES(4);

    private final int code;

    ActivationCode(int code) {
        this.code = code;
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
