package io.github.lstmhdl.schedule;

import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.LoopStructure;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.lower.Component;
import io.github.lstmhdl.lower.ComponentKernel;
import io.github.lstmhdl.lower.LoweredNetwork;
import io.github.lstmhdl.lower.SymInstruction;
import io.github.lstmhdl.lower.SymOperand;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Orders and groups a lowered network. Execution is layer by layer, in the network's order, which is
 * the order in which the lowering emitted the program; the scheduler checks the loop structure (no
 * nested loops, every body inside the program) and closes the program with HALT.
 */
public final class Scheduler {
    private Scheduler() {
    }

    /** Schedules a lowered network. */
    public static Schedule schedule(LoweredNetwork lowered) {
        List<SymInstruction> program = new ArrayList<>(lowered.program());
        checkLoops(program);
        program.add(new SymInstruction(Opcode.HALT, 0, ActivationCode.NONE, 0, 0, SymOperand.NONE, SymOperand.NONE,
                SymOperand.NONE, SymOperand.NONE, 0, 0, ""));
        return new Schedule(groups(lowered.components()), program, layerTable(lowered));
    }

    /**
     * The loop structure rule of the instruction set ({@link LoopStructure}), applied before HALT is
     * appended so that no body reaches it, and the compiler's own promise on top: it emits no empty loop.
     * A breach is a bug of the lowering, not of the network.
     */
    private static void checkLoops(List<SymInstruction> program) {
        LoopStructure.firstViolation(program, SymInstruction::opcode, SymInstruction::aux).ifPresent(v -> {
            throw new IllegalStateException("instruction " + v.index() + ": " + v.reason());
        });
        for (int i = 0; i < program.size(); i++) {
            if (program.get(i).opcode() == Opcode.LOOP && program.get(i).aux() == 0) {
                throw new IllegalStateException("the loop at instruction " + i + " has an empty body");
            }
        }
    }

    /** The part of a component name before the first dot: {@code lstm_1_b} for {@code lstm_1_b.wi}. */
    private static String unitOf(Component c) {
        int dot = c.name().indexOf('.');
        return dot < 0 ? c.name() : c.name().substring(0, dot);
    }

    /** Groups components; see {@link LayerGroup}. */
    static List<LayerGroup> groups(List<Component> components) {
        List<LayerGroup> groups = new ArrayList<>();
        List<Component> current = new ArrayList<>();
        List<Component> pending = new ArrayList<>();
        String currentUnit = null;
        String currentFusion = "";
        for (Component c : components) {
            if (c.kernel() == ComponentKernel.HOST) {
                continue;
            }
            String unit = unitOf(c);
            if (!pending.isEmpty() && !unitOf(pending.get(0)).equals(unit)) {
                groups.add(new LayerGroup(unitOf(pending.get(0)), pending));
                pending = new ArrayList<>();
            }
            if (c.kernel() == ComponentKernel.FC) {
                if (!current.isEmpty() && !c.fusionKey().isEmpty() && c.fusionKey().equals(currentFusion)
                        && unit.equals(currentUnit)) {
                    current.add(c);
                    continue;
                }
                flush(groups, current);
                current = new ArrayList<>(pending);
                pending = new ArrayList<>();
                current.add(c);
                currentUnit = unit;
                currentFusion = c.fusionKey();
            } else if (!current.isEmpty() && unit.equals(currentUnit)) {
                current.add(c);
            } else {
                flush(groups, current);
                current = new ArrayList<>();
                currentUnit = null;
                pending.add(c);
            }
        }
        flush(groups, current);
        if (!pending.isEmpty()) {
            groups.add(new LayerGroup(unitOf(pending.get(0)), pending));
        }
        return groups;
    }

    private static void flush(List<LayerGroup> groups, List<Component> members) {
        if (members.isEmpty()) {
            return;
        }
        List<Component> fcs = members.stream().filter(c -> c.kernel() == ComponentKernel.FC).toList();
        String name = fcs.size() > 1 ? fcs.get(0).name() + ">>" + fcs.get(fcs.size() - 1).name() : fcs.get(0).name();
        groups.add(new LayerGroup(name, members));
    }

    /**
     * The toolbox's layer table: index, quoted name, type, description and (HW Layer) or (SW Layer);
     * the sequence input is listed first, as a software layer, as the toolbox does.
     */
    static List<String> layerTable(LoweredNetwork lowered) {
        Network n = lowered.network();
        SequenceInput in = n.input();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"'" + in.name() + "'", "Sequence Input",
                "Sequence input with " + in.featureSize() + " dimensions", "(SW Layer)"});
        // one pass over the components, not one per layer: a network of 10^5 layers has as many components
        Set<String> onHardware = new HashSet<>();
        for (Component c : lowered.components()) {
            if (c.kernel() != ComponentKernel.HOST) {
                onHardware.add(c.layer());
            }
        }
        for (Layer layer : n.layers()) {
            boolean hw = onHardware.contains(layer.name());
            rows.add(new String[] {"'" + layer.name() + "'", layer.typeName(), layer.description(),
                    hw ? "(HW Layer)" : "(SW Layer)"});
        }
        int[] w = new int[3];
        for (String[] r : rows) {
            for (int i = 0; i < 3; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("### The network includes the following layers:");
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            lines.add(String.format(Locale.ROOT, "%6d   %-" + w[0] + "s   %-" + w[1] + "s   %-" + w[2] + "s   %s",
                    i + 1, r[0], r[1], r[2], r[3]));
        }
        return lines;
    }
}
