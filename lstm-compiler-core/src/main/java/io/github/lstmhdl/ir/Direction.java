package io.github.lstmhdl.ir;

/** The direction in which an LSTM layer walks the sequence. */
public enum Direction {
    FORWARD(1),
    REVERSE(1),
    BIDIRECTIONAL(2);

    private final int count;

    Direction(int count) {
        this.count = count;
    }

    /** How many directions the layer runs: 2 for bidirectional, else 1. */
    public int count() {
        return count;
    }
}
