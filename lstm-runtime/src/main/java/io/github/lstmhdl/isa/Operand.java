package io.github.lstmhdl.isa;

/**
 * A memory operand: a byte offset from the external memory's base address, plus a signed byte stride
 * per time step. Inside a LOOP the address is {@code offset + stride × t}, where t is the time step
 * being processed (T-1 down to 0 for a reverse loop); outside, t is 0, or T-1 with
 * {@link Instruction#FLAG_LAST_STEP}. One exception: the source a of STATE_INIT is addressed by the
 * run's sequence index n instead, {@code offset + stride × n} (see {@link Opcode#STATE_INIT}).
 *
 * @param offset unsigned 32-bit byte offset from the base
 * @param stride signed byte stride per time step; 0 for a fixed address
 */
public record Operand(long offset, int stride) {

    /** No operand. */
    public static final Operand NONE = new Operand(0, 0);

    public Operand {
        if (offset < 0 || offset > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("operand offset " + offset + " does not fit 32 bits");
        }
    }

    /** A fixed address. */
    public static Operand at(long offset) {
        return new Operand(offset, 0);
    }

    /** The address for time step {@code t}. */
    public long address(int t) {
        return offset + (long) stride * t;
    }
}
