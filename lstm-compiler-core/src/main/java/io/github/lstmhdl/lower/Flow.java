package io.github.lstmhdl.lower;

/**
 * Where a layer's data lives, as the next layer reads it: a storage unit, an element offset into it,
 * the features per step, the elements between two steps (0 for one vector), and whether it is a
 * sequence (one vector per time step) or one vector per run.
 */
record Flow(String unit, long offset, int features, int stride, boolean sequence) {

    /** The operand that reads or writes the current step's vector. */
    SymOperand operand() {
        return new SymOperand(unit, offset, stride);
    }

    /** A flow of {@code features} per step at the start of {@code unit}: time-strided for a sequence. */
    static Flow of(String unit, int features, boolean sequence) {
        return new Flow(unit, 0, features, sequence ? features : 0, sequence);
    }
}
