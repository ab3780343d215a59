package io.github.lstmhdl.lower;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * An instruction whose operands are {@link SymOperand}s; the fields otherwise mean exactly what
 * {@link Instruction}'s do (see {@code docs/isa.md}).
 *
 * @param component the component this instruction belongs to (empty for LOOP and HALT)
 */
public record SymInstruction(Opcode opcode, int flags, ActivationCode activation, int n, int m, SymOperand dst,
        SymOperand a, SymOperand b, SymOperand c, int aux, int rowStride, String component) {

    public SymInstruction {
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(c, "c");
        Objects.requireNonNull(component, "component");
    }

    /** An elementwise instruction (ADD, MUL, COPY, SOFTMAX, STATE_INIT) over {@code n} elements. */
    public static SymInstruction elementwise(Opcode op, SymOperand dst, SymOperand a, SymOperand b, int n, int flags,
            String component) {
        return new SymInstruction(op, flags, ActivationCode.NONE, n, 0, dst, a, b, SymOperand.NONE, 0, 0, component);
    }

    /** ACT: dst = act(a). */
    public static SymInstruction activation(ActivationCode act, SymOperand dst, SymOperand a, int n, String component) {
        return new SymInstruction(Opcode.ACT, 0, act, n, 0, dst, a, SymOperand.NONE, SymOperand.NONE, 0, 0, component);
    }

    /** An ACT of a parameterized activation (ELU, PRELU), its n parameters at b. */
    public static SymInstruction activation(ActivationCode act, SymOperand dst, SymOperand a, SymOperand params, int n,
            String component) {
        return new SymInstruction(Opcode.ACT, 0, act, n, 0, dst, a, params, SymOperand.NONE, 0, 0, component);
    }

    /** Whether a flag bit is set. */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** This instruction with another aux field (used to close a LOOP). */
    public SymInstruction withAux(int newAux) {
        return new SymInstruction(opcode, flags, activation, n, m, dst, a, b, c, newAux, rowStride, component);
    }

    /**
     * The concrete instruction.
     *
     * @param unitOffset   the byte offset (from the base) of each unit
     * @param elementBytes bytes per element
     */
    public Instruction resolve(ToLongFunction<String> unitOffset, int elementBytes) {
        return new Instruction(opcode, flags, activation, n, m, operand(dst, unitOffset, elementBytes),
                operand(a, unitOffset, elementBytes), operand(b, unitOffset, elementBytes),
                operand(c, unitOffset, elementBytes), aux, rowStride);
    }

    private static Operand operand(SymOperand op, ToLongFunction<String> unitOffset, int elementBytes) {
        if (op.isNone()) {
            return Operand.NONE;
        }
        long offset = unitOffset.applyAsLong(op.unit()) + op.elementOffset() * elementBytes;
        return new Operand(offset, Math.multiplyExact(op.elementStride(), elementBytes));
    }

    @Override
    public String toString() {
        return opcode + " flags=" + flags + " act=" + activation + " n=" + n + " m=" + m + " dst=" + dst + " a=" + a
                + " b=" + b + " c=" + c + " aux=" + aux + " rowStride=" + rowStride + " (" + component + ")";
    }
}
