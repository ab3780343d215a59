package io.github.lstmhdl.ir;

/** Which state of a recurrent direction a state port carries: the hidden state h or an LSTM's cell state c. */
public enum StateKind {
    /** The hidden state h (ONNX initial_h, Y_h). */
    HIDDEN,
    /** The cell state c of an LSTM (ONNX initial_c, Y_c). */
    CELL
}
