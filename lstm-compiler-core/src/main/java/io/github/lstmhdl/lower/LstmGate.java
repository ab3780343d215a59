package io.github.lstmhdl.lower;

/**
 * The four gates of an LSTM in the canonical order of this compiler and of the toolbox (MATLAB): input,
 * forget, cell candidate, output. Weight rows of gate {@code g} are rows
 * {@code [g.ordinal()*H, (g.ordinal()+1)*H)} of a 4H-row matrix. Importers reorder to this order
 * (ONNX stores i, o, f, c; Keras i, f, c, o). The LSTM's own: another recurrent kind (a GRU's update,
 * reset and hidden gates) names its gates in an enum of its own.
 */
enum LstmGate {
    INPUT("wi"),
    FORGET("wf"),
    CELL("wg"),
    OUTPUT("wo");

    private final String suffix;

    LstmGate(String suffix) {
        this.suffix = suffix;
    }

    /** The component suffix of this gate's fully connected part: {@code wi}, {@code wf}, {@code wg}, {@code wo}. */
    String suffix() {
        return suffix;
    }
}
