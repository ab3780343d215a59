package io.github.lstmhdl.pipeline;

import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.lower.Component;
import io.github.lstmhdl.lower.LoweredNetwork;
import io.github.lstmhdl.lower.SymInstruction;
import io.github.lstmhdl.schedule.LayerGroup;
import io.github.lstmhdl.schedule.Schedule;
import io.github.lstmhdl.timing.InstructionOwners;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layer and layer group of each instruction of a scheduled program, for the performance
 * estimate (docs/isa.md §9, Reports). An instruction names its component; a state's STATE_INIT names
 * the state ({@code lstm_1.h}), which belongs to the component unit before the first dot
 * ({@code lstm_1}, {@code lstm_1_b}); a LOOP belongs where the first instruction of its body does, and
 * HALT to {@link InstructionOwners#CONTROL}.
 */
final class InstructionOwnership {
    private InstructionOwnership() {
    }

    static InstructionOwners of(LoweredNetwork lowered, Schedule schedule) {
        Map<String, String> layerByName = new HashMap<>();
        Map<String, String> layerByUnit = new HashMap<>();
        for (Component c : lowered.components()) {
            layerByName.put(c.name(), c.layer());
            layerByUnit.putIfAbsent(unit(c.name()), c.layer());
        }
        Map<String, String> groupByName = new HashMap<>();
        Map<String, String> groupByUnit = new HashMap<>();
        for (LayerGroup g : schedule.groups()) {
            for (Component c : g.components()) {
                groupByName.put(c.name(), g.name());
                groupByUnit.putIfAbsent(unit(c.name()), g.name());
            }
        }
        List<SymInstruction> program = schedule.program();
        List<String> layers = new ArrayList<>(program.size());
        List<String> groups = new ArrayList<>(program.size());
        for (int i = 0; i < program.size(); i++) {
            String component = program.get(i).component();
            if (program.get(i).opcode() == Opcode.LOOP && i + 1 < program.size()) {
                component = program.get(i + 1).component();
            }
            layers.add(owner(component, layerByName, layerByUnit));
            groups.add(owner(component, groupByName, groupByUnit));
        }
        return new InstructionOwners(layers, groups);
    }

    private static String owner(String component, Map<String, String> byName, Map<String, String> byUnit) {
        if (component.isEmpty()) {
            return InstructionOwners.CONTROL;
        }
        String owner = byName.get(component);
        if (owner == null) {
            owner = byUnit.getOrDefault(unit(component), InstructionOwners.CONTROL);
        }
        return owner;
    }

    private static String unit(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
