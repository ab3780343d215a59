package io.github.lstmhdl.ir;

/** What an LSTM layer hands to the next layer. */
public enum OutputMode {
    /** The hidden state of every time step (ONNX Y; MATLAB OutputMode 'sequence'). */
    SEQUENCE,
    /**
     * The final hidden state of each direction after it walked the whole sequence (ONNX Y_h; MATLAB
     * OutputMode 'last'): for a reverse direction that is the state at time step 0.
     */
    LAST_STATE,
    /**
     * The hidden state at the last time step T-1 of the sequence output (ONNX Y sliced at -1). Equal to
     * {@link #LAST_STATE} for a forward layer; for a reverse direction it is that direction's first step.
     */
    LAST_STEP,
    /** The final cell state of each direction (ONNX Y_c). */
    LAST_CELL;

    /** Whether the layer produces a sequence (one vector per time step) rather than one vector. */
    public boolean isSequence() {
        return this == SEQUENCE;
    }
}
