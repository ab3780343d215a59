package io.github.lstmhdl.isa;

import java.util.Objects;

/**
 * One decoded instruction. Every instruction encodes to {@link #BYTES} bytes (see
 * {@link InstructionCodec}); fields an opcode does not use are zero.
 *
 * @param opcode     the operation
 * @param flags      {@code FLAG_*} bits
 * @param activation the activation of FC and ACT; NONE for others
 * @param n          element count, or FC output rows
 * @param m          FC input columns; 0 for others
 * @param dst        destination
 * @param a          first source (FC: weights)
 * @param b          second source (FC: input vector)
 * @param c          third source (FC: bias)
 * @param aux        LOOP: body length in instructions; FC with LSTM_GATES: rows per gate
 * @param rowStride  FC: elements between weight rows (≥ m; larger when a tile of columns is read)
 */
public record Instruction(
        Opcode opcode,
        int flags,
        ActivationCode activation,
        int n,
        int m,
        Operand dst,
        Operand a,
        Operand b,
        Operand c,
        int aux,
        int rowStride) {

    /** Encoded size of every instruction in bytes. */
    public static final int BYTES = 64;

    /** LOOP: walk time steps from T-1 down to 0. */
    public static final int FLAG_REVERSE = 1;
    /** STATE_INIT: initialize with zeros instead of reading a. */
    public static final int FLAG_ZERO = 1 << 1;
    /** SOFTMAX: log-softmax. */
    public static final int FLAG_LOG = 1 << 2;
    /** FC: add to dst instead of overwriting it, without bias (a later column tile). */
    public static final int FLAG_ACCUMULATE = 1 << 3;
    /** Outside a loop: evaluate time-strided operands at t = T-1. */
    public static final int FLAG_LAST_STEP = 1 << 4;
    /** Inside a loop: execute only in the loop's first iteration. */
    public static final int FLAG_FIRST_ITERATION = 1 << 5;
    /** Inside a loop: execute only in the loop's last iteration. */
    public static final int FLAG_LAST_ITERATION = 1 << 6;
    /** FC: skip the bias operand (bias taken as zero). */
    public static final int FLAG_NO_BIAS = 1 << 7;

    public Instruction {
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(c, "c");
        if ((flags & ~0xFF) != 0) {
            throw new IllegalArgumentException("flags must fit 8 bits");
        }
        if (n < 0 || m < 0 || aux < 0 || rowStride < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** FC: dst = act(W·x + bias). */
    public static Instruction fc(Operand dst, Operand weights, Operand x, Operand bias, int rows, int cols,
            ActivationCode act, int flags, int gateRows, int rowStride) {
        return new Instruction(Opcode.FC, flags, act, rows, cols, dst, weights, x, bias, gateRows, rowStride);
    }

    /** An elementwise instruction with up to two sources. */
    public static Instruction elementwise(Opcode op, Operand dst, Operand a, Operand b, int n, int flags) {
        return new Instruction(op, flags, ActivationCode.NONE, n, 0, dst, a, b, Operand.NONE, 0, 0);
    }

    /** dst = act(a). */
    public static Instruction activation(ActivationCode act, Operand dst, Operand a, int n, int flags) {
        return new Instruction(Opcode.ACT, flags, act, n, 0, dst, a, Operand.NONE, Operand.NONE, 0, 0);
    }

    /** A time loop over the next {@code bodyLength} instructions. */
    public static Instruction loop(int bodyLength, boolean reverse) {
        return new Instruction(Opcode.LOOP, reverse ? FLAG_REVERSE : 0, ActivationCode.NONE, 0, 0,
                Operand.NONE, Operand.NONE, Operand.NONE, Operand.NONE, bodyLength, 0);
    }

    /** The end of the program. */
    public static Instruction halt() {
        return new Instruction(Opcode.HALT, 0, ActivationCode.NONE, 0, 0,
                Operand.NONE, Operand.NONE, Operand.NONE, Operand.NONE, 0, 0);
    }

    /** Whether a flag bit is set. */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
