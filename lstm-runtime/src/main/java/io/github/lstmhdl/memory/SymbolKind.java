package io.github.lstmhdl.memory;

/** What a named place in external memory holds. */
public enum SymbolKind {
    /** A whole region. */
    REGION,
    /** A component's weight matrix (rows padded to the FC thread count). */
    WEIGHTS,
    /** A component's bias vector. */
    BIAS,
    /** A peephole vector of an LSTM direction. */
    PEEPHOLE,
    /** The initial value of an LSTM state, copied into the state on reset. */
    INITIAL_STATE,
    /** An LSTM state (h or c) that persists across time steps and runs; never shared. */
    STATE,
    /** An intermediate buffer, placed by the liveness planner. */
    BUFFER,
    /**
     * A graph input or output beyond the first (a state port): its area in the input or the output
     * region, which the host fills before a run or reads after it.
     */
    PORT
}
