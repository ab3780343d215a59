package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;

/**
 * Which bytes a part of a program may write: the question behind the simulator's shortcuts, which
 * read data once and reuse it (a column-major copy of weights, FC products computed for several steps
 * ahead) and are sound only where no instruction that could run in between writes that data.
 */
final class ProgramWrites {
    private ProgramWrites() {
    }

    /**
     * Whether any instruction in program[from, to), at any step t in [0, maxSteps), may write into
     * bytes [start, end): its destination's n elements at offset + stride · t meet that range.
     *
     * @param elementBytes the bytes per element of the memory the program runs on
     */
    static boolean writtenBy(Instruction[] program, int from, int to, long start, long end, int maxSteps,
            int elementBytes) {
        for (int pc = from; pc < to; pc++) {
            Instruction in = program[pc];
            Opcode op = in.opcode();
            if (op == Opcode.NOP || op == Opcode.HALT || op == Opcode.LOOP) {
                continue;
            }
            Operand dst = in.dst();
            long first = first(dst, maxSteps);
            long last = last(dst, maxSteps) + (long) elementBytes * Integer.toUnsignedLong(in.n());
            if (first < end && start < last) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether any instruction in program[from, to) may write into the bytes that {@code elements}
     * elements at operand {@code read} cover at some step t in [0, maxSteps).
     */
    static boolean writtenBy(Instruction[] program, int from, int to, Operand read, long elements, int maxSteps,
            int elementBytes) {
        return writtenBy(program, from, to, first(read, maxSteps), last(read, maxSteps) + elementBytes * elements,
                maxSteps, elementBytes);
    }

    /** The lowest address of an operand over the steps. */
    private static long first(Operand op, int maxSteps) {
        return op.offset() + Math.min(0, (long) op.stride() * Math.max(0, maxSteps - 1));
    }

    /** The highest address of an operand over the steps. */
    private static long last(Operand op, int maxSteps) {
        return op.offset() + Math.max(0, (long) op.stride() * Math.max(0, maxSteps - 1));
    }
}
