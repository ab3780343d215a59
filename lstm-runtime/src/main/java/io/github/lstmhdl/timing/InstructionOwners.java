package io.github.lstmhdl.timing;

import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which layer and which layer group each instruction of a program belongs to, for the reports' rows
 * (docs/isa.md §9, Reports). The compiler knows it from its components ({@code pipeline}); an image
 * does not record it, so a report of an image alone names its rows after the program's loops and
 * straight runs ({@link #segments}).
 *
 * @param layers per instruction index: the layer's name, or {@link #CONTROL}
 * @param groups per instruction index: the layer group's name, or {@link #CONTROL}
 */
public record InstructionOwners(List<String> layers, List<String> groups) {

    /** The row of HALT and of any instruction without a component. */
    public static final String CONTROL = "(control)";

    public InstructionOwners {
        layers = List.copyOf(layers);
        groups = List.copyOf(groups);
        if (layers.size() != groups.size()) {
            throw new IllegalArgumentException(layers.size() + " layer owners for " + groups.size() + " group owners");
        }
    }

    /** The number of instructions. */
    public int size() {
        return layers.size();
    }

    /**
     * Rows of an image's program without a component table: the LOOP at index i and its body are
     * {@code loop@i}, a run of instructions outside loops from i to j is {@code instructions i-j}
     * (HALT included), for both the layer and the group.
     */
    public static InstructionOwners segments(List<Instruction> program) {
        Objects.requireNonNull(program, "program");
        List<String> names = new ArrayList<>(program.size());
        int pc = 0;
        while (pc < program.size()) {
            if (program.get(pc).opcode() == Opcode.LOOP) {
                int end = (int) Math.min(program.size() - 1L, (long) pc + program.get(pc).aux());
                for (int i = pc; i <= end; i++) {
                    names.add("loop@" + pc);
                }
                pc = end + 1;
            } else {
                int end = pc;
                while (end + 1 < program.size() && program.get(end + 1).opcode() != Opcode.LOOP) {
                    end++;
                }
                String name = end == pc ? "instruction " + pc : "instructions " + pc + "-" + end;
                for (int i = pc; i <= end; i++) {
                    names.add(name);
                }
                pc = end + 1;
            }
        }
        return new InstructionOwners(names, names);
    }
}
