package io.github.lstmhdl.schedule;

import io.github.lstmhdl.lower.SymInstruction;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduled network: layer groups, the final symbolic program (ending with HALT) and the log
 * lines of the scheduling stage.
 *
 * @param groups     layer groups, in execution order
 * @param program    the symbolic program, ending with HALT
 * @param layerTable the toolbox-style layer table lines
 */
public record Schedule(List<LayerGroup> groups, List<SymInstruction> program, List<String> layerTable) {
    public Schedule {
        groups = List.copyOf(groups);
        program = List.copyOf(program);
        layerTable = List.copyOf(layerTable);
    }

    /** The {@code Compiling layer group: <name> ...} / {@code ... complete.} pairs. */
    public List<String> groupLog() {
        List<String> lines = new ArrayList<>();
        for (LayerGroup g : groups) {
            lines.add("### Compiling layer group: " + g.name() + " ...");
            lines.add("### Compiling layer group: " + g.name() + " ... complete.");
        }
        return lines;
    }
}
