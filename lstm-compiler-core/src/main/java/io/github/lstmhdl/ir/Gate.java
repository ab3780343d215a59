package io.github.lstmhdl.ir;

/**
 * The four LSTM gates in the canonical order of this compiler and of the toolbox (MATLAB): input,
 * forget, cell candidate, output. Weight rows of gate {@code g} are rows
 * {@code [g.ordinal()*H, (g.ordinal()+1)*H)} of a 4H-row matrix. Importers reorder to this order
 * (ONNX stores i, o, f, c; Keras i, f, c, o).
 */
public enum Gate {
    INPUT("wi"),
    FORGET("wf"),
    CELL("wg"),
    OUTPUT("wo");

    private final String suffix;

    Gate(String suffix) {
        this.suffix = suffix;
    }

    /** The component suffix of this gate's fully connected part: {@code wi}, {@code wf}, {@code wg}, {@code wo}. */
    public String suffix() {
        return suffix;
    }
}
