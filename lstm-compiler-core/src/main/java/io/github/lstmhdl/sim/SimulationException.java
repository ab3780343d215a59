package io.github.lstmhdl.sim;

import io.github.lstmhdl.CompilationException;
import io.github.lstmhdl.isa.Opcode;

/**
 * A run of the simulator that cannot proceed: an invalid image, an input of the wrong size or length,
 * or an instruction that fails (out-of-range or misaligned address, undecodable word, missing HALT).
 * Errors about an instruction name its index and opcode in {@link #location()}, such as
 * {@code instruction 12 (FC)}, and carry the index in {@link #instructionIndex()}.
 */
public class SimulationException extends CompilationException {
    private static final long serialVersionUID = 1L;

    private final int instructionIndex;

    /** An error about an instruction; {@code opcode} may be null when the word did not decode. */
    public SimulationException(int instructionIndex, Opcode opcode, String reason) {
        super("", instructionLocation(instructionIndex, opcode), reason);
        this.instructionIndex = instructionIndex;
    }

    /** An error that is not about one instruction ({@code location} such as {@code input tensor}). */
    public SimulationException(String location, String reason) {
        super("", location, reason);
        this.instructionIndex = -1;
    }

    private static String instructionLocation(int index, Opcode opcode) {
        if (index < 0) {
            return "instruction header";
        }
        return "instruction " + index + (opcode == null ? "" : " (" + opcode + ")");
    }

    /** The index of the failing instruction (0 = the first after the header), or -1 when none. */
    public int instructionIndex() {
        return instructionIndex;
    }
}
