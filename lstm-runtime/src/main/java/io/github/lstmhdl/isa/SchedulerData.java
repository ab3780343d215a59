package io.github.lstmhdl.isa;

/**
 * The run parameters that the host writes into the scheduler data region before it starts the
 * processor, and the status the processor writes back. All fields are little-endian u32 at these
 * byte offsets from SchedulerDataOffset.
 */
public final class SchedulerData {
    /** The number of time steps T of this run (1 ≤ T ≤ the frame limit). */
    public static final int SEQUENCE_LENGTH = 0;
    /** Control bits: {@link #CONTROL_RESET}, {@link #CONTROL_START}. */
    public static final int CONTROL = 4;
    /** Written by the processor: {@link #STATUS_DONE} when the output is complete. */
    public static final int STATUS = 8;
    /** Written by the processor: time steps executed in the last run. */
    public static final int STEPS_DONE = 12;
    /**
     * The run's sequence index n (0-based): which sequence of a batch this run is. It selects the
     * per-sequence initial states that STATE_INIT reads (a.offset + a.stride × n); 0 for a network whose
     * initial states are shared by every sequence, where it has no effect.
     */
    public static final int SEQUENCE_INDEX = 16;
    /** Bytes that the fields occupy. */
    public static final int BYTES = 64;

    /** Reset the LSTM states to their initial values before the run (the toolbox's predict). */
    public static final int CONTROL_RESET = 1;
    /**
     * Start a run: the host sets it last, after every other field; a processor waiting for work starts at
     * the first instruction and clears it when the run ends (docs/isa.md §5, the control interface).
     */
    public static final int CONTROL_START = 2;
    /** The run completed. */
    public static final int STATUS_DONE = 1;

    private SchedulerData() {
    }
}
