package io.github.lstmhdl.alloc;

import io.github.lstmhdl.memory.MemoryMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of allocation: the memory map, the byte offset (from the base) of every storage unit of
 * the lowered program, the system-buffer plan and the weight layout.
 */
public record Allocation(MemoryMap memoryMap, Map<String, Long> unitOffsets, MemoryPlan plan, WeightLayout weights) {
    public Allocation {
        Objects.requireNonNull(memoryMap, "memoryMap");
        unitOffsets = Map.copyOf(unitOffsets);
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(weights, "weights");
    }

    /** Whether the map fits the configured memory. */
    public boolean fits() {
        return memoryMap.endOffset() <= memoryMap.memorySize();
    }
}
