package io.github.lstmhdl.sim;

import io.github.lstmhdl.diagnostics.LocatedException;
import io.github.lstmhdl.isa.Opcode;

/**
 * A run of the simulator that cannot proceed: an invalid image, an input of the wrong size or length,
 * or an instruction that fails (out-of-range or misaligned address, undecodable word, missing HALT).
 * Errors about an instruction name its index and opcode in {@link #location()}, such as
 * {@code instruction 12 (FC)}, and carry the index in {@link #instructionIndex()}.
 *
 * <p>The simulator works on an image and arrays, not on files, so it leaves the file empty; a front end
 * that read them from files names the right one with {@link #inFile}: the input file for an error that
 * {@link #concernsInput() concerns the input} (its shape, its sequence length), else the image.
 */
public class SimulationException extends LocatedException {
    private static final long serialVersionUID = 1L;

    private final int instructionIndex;
    private final boolean concernsInput;

    /** An error about an instruction; {@code opcode} may be null when the word did not decode. */
    public SimulationException(int instructionIndex, Opcode opcode, String reason) {
        this("", instructionLocation(instructionIndex, opcode), reason, instructionIndex, false);
    }

    /** An error about the image that is not about one instruction ({@code location} such as {@code memory map}). */
    public SimulationException(String location, String reason) {
        this("", location, reason, -1, false);
    }

    private SimulationException(String file, String location, String reason, int instructionIndex,
            boolean concernsInput) {
        super(file, location, reason);
        this.instructionIndex = instructionIndex;
        this.concernsInput = concernsInput;
    }

    /**
     * An error about the input a run was given rather than about the image: a shape that does not fit
     * the input's axes, a sequence length outside the frame limit, a batch entry without initial states.
     */
    public static SimulationException aboutInput(String location, String reason) {
        return new SimulationException("", location, reason, -1, true);
    }

    /** The same error naming {@code file} (as the user gave it), with this one as its cause. */
    public SimulationException inFile(String file) {
        SimulationException named = new SimulationException(file, location(), reason(), instructionIndex,
                concernsInput);
        named.initCause(this);
        return named;
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

    /** Whether the error is about the run's input (so the input file is to blame), not the image. */
    public boolean concernsInput() {
        return concernsInput;
    }
}
