package io.github.lstmhdl.memory;

/**
 * The regions of external memory, in address order, with the toolbox's names. Each starts at the
 * configured alignment.
 */
public enum RegionKind {
    /** Input frames: frame limit × input features × element size. */
    INPUT_DATA("InputDataOffset", "INPUT_DATA", ".lstm.input", false),
    /** Results: frame limit (or 1 for a last-step output) × output features × element size. */
    OUTPUT_RESULT("OutputResultOffset", "OUTPUT_RESULT", ".lstm.output", false),
    /** Run parameters written by the host and status written back ({@code isa.SchedulerData}). */
    SCHEDULER_DATA("SchedulerDataOffset", "SCHEDULER_DATA", ".lstm.sched", true),
    /** LSTM states and intermediate buffers: the host must not use it. */
    SYSTEM_BUFFER("SystemBufferOffset", "SYSTEM_BUFFER", ".lstm.sysbuf", false),
    /** The instruction program. */
    INSTRUCTION_DATA("InstructionDataOffset", "INSTRUCTION_DATA", ".lstm.instr", true),
    /** FC weights and biases, peepholes and initial states. */
    FC_WEIGHT_DATA("FCWeightDataOffset", "FC_WEIGHT_DATA", ".lstm.weights", true);

    private final String toolboxName;
    private final String constantStem;
    private final String sectionName;
    private final boolean initialized;

    RegionKind(String toolboxName, String constantStem, String sectionName, boolean initialized) {
        this.toolboxName = toolboxName;
        this.constantStem = constantStem;
        this.sectionName = sectionName;
        this.initialized = initialized;
    }

    /** The toolbox's offset name, such as {@code InputDataOffset}. */
    public String toolboxName() {
        return toolboxName;
    }

    /** The stem of generated constants: {@code INPUT_DATA} gives {@code INPUT_DATA_OFFSET} and {@code INPUT_DATA_SIZE}. */
    public String constantStem() {
        return constantStem;
    }

    /** The ELF section that holds the region. */
    public String sectionName() {
        return sectionName;
    }

    /** Whether the image carries the region's bytes (else the region is NOBITS: reserved, not loaded). */
    public boolean initialized() {
        return initialized;
    }
}
