package io.github.lstmhdl.lower;

import io.github.lstmhdl.isa.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a symbolic program into instructions once every storage unit has a byte offset. */
public final class ProgramResolver {
    private ProgramResolver() {
    }

    /**
     * Resolves every operand: byte offset = the unit's offset + element offset × element size, byte
     * stride = element stride × element size.
     *
     * @param unitOffsets  byte offset (from the base) of every unit the program names
     * @param elementBytes bytes per element of the data type
     * @throws IllegalStateException when the program names a unit without an offset (a compiler bug)
     */
    public static List<Instruction> resolve(List<SymInstruction> program, Map<String, Long> unitOffsets,
            int elementBytes) {
        List<Instruction> out = new ArrayList<>(program.size());
        for (SymInstruction s : program) {
            out.add(s.resolve(unit -> {
                Long offset = unitOffsets.get(unit);
                if (offset == null) {
                    throw new IllegalStateException("no offset for unit '" + unit + "'");
                }
                return offset;
            }, elementBytes));
        }
        return out;
    }
}
