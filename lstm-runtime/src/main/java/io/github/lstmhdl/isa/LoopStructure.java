package io.github.lstmhdl.isa;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The rule of the program's loop structure (docs/isa.md §3, LOOP): every LOOP's body (the {@code aux}
 * instructions after it) lies inside the program, and no body holds another LOOP (loops do not nest).
 * One rule for both sides: the compiler's scheduler checks the symbolic program it closes with HALT, the
 * simulator checks a decoded program when it loads it. The rule reads nothing but each instruction's
 * opcode and aux field, so it applies to any instruction representation.
 */
public final class LoopStructure {
    private LoopStructure() {
    }

    /**
     * A breach of the rule.
     *
     * @param index  the instruction the breach is reported at: the LOOP whose body runs past the end, or
     *               the LOOP found inside another loop's body
     * @param reason what is wrong, as the simulator reports it
     */
    public record Violation(int index, String reason) {
        public Violation {
            Objects.requireNonNull(reason, "reason");
            if (index < 0) {
                throw new IllegalArgumentException("negative instruction index " + index);
            }
        }
    }

    /**
     * The first breach in program order, or empty when the loop structure is sound. LOOP i is checked
     * before the instructions of its body: a body running past the end is reported at i, a LOOP inside the
     * body at that inner LOOP.
     *
     * @param program    the instructions in order
     * @param opcode     an instruction's opcode
     * @param bodyLength an instruction's aux field (the body length of a LOOP), read only for LOOPs
     */
    public static <I> Optional<Violation> firstViolation(List<I> program, Function<? super I, Opcode> opcode,
            ToIntFunction<? super I> bodyLength) {
        int size = program.size();
        for (int i = 0; i < size; i++) {
            if (opcode.apply(program.get(i)) != Opcode.LOOP) {
                continue;
            }
            int body = bodyLength.applyAsInt(program.get(i));
            long last = (long) i + body;
            if (last >= size) {
                return Optional.of(new Violation(i, "the loop body of " + body
                        + " instructions runs past the end of the program (" + size + " instructions)"));
            }
            for (int j = i + 1; j <= last; j++) {
                if (opcode.apply(program.get(j)) == Opcode.LOOP) {
                    return Optional.of(new Violation(j, "a LOOP inside the body of the loop at instruction " + i
                            + " (loops do not nest)"));
                }
            }
        }
        return Optional.empty();
    }
}
