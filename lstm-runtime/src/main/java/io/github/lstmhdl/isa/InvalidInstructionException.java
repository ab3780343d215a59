package io.github.lstmhdl.isa;

/** An instruction word that does not decode: unknown opcode or activation, non-zero reserved bits. */
public class InvalidInstructionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int index;

    public InvalidInstructionException(int index, String reason) {
        super("instruction " + index + ": " + reason);
        this.index = index;
    }

    /** The index of the offending instruction in the program (0 = first after the header). */
    public int index() {
        return index;
    }
}
