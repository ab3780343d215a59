package io.github.lstmhdl.alloc;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.lower.DataBuffer;
import io.github.lstmhdl.lower.LoweredNetwork;
import io.github.lstmhdl.lower.SymInstruction;
import io.github.lstmhdl.lower.SymbolAlias;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places the regions in {@link RegionKind} order, each at a multiple of the configured alignment and
 * each rounded up to it: input = frame limit × D × element size; output = (frame limit, or 1 for a
 * one-vector output) × K × element size; scheduler data = {@link SchedulerData#BYTES}; system buffer =
 * the liveness plan; instructions = {@link InstructionCodec#programBytes}; FC weights = the
 * {@link WeightLayout}. EndOffset is the end of the last region. It names every region, weight unit,
 * alias, state and buffer. It does not check the memory size: see {@link Allocation#fits()}.
 */
public final class RegionAllocator {
    /** Alignment of buffers inside the system buffer. */
    public static final long BUFFER_ALIGNMENT = 64;

    private RegionAllocator() {
    }

    /** Allocates a scheduled program ({@code program} ends with HALT). */
    public static Allocation allocate(LoweredNetwork lowered, List<SymInstruction> program, ProcessorConfig config) {
        int eb = config.dataType().bytes();
        MemoryPlan plan = LivenessPlanner.plan(LivenessAnalysis.requests(lowered, program, eb), BUFFER_ALIGNMENT);
        WeightLayout layout = WeightLayout.of(lowered.weights(), eb);
        Map<RegionKind, Long> sizes = new EnumMap<>(RegionKind.class);
        for (DataBuffer b : lowered.buffers()) {
            if (b.region() == RegionKind.INPUT_DATA || b.region() == RegionKind.OUTPUT_RESULT) {
                sizes.put(b.region(), b.elements() * eb);
            }
        }
        sizes.put(RegionKind.SCHEDULER_DATA, (long) SchedulerData.BYTES);
        sizes.put(RegionKind.SYSTEM_BUFFER, plan.plannedSize());
        sizes.put(RegionKind.INSTRUCTION_DATA, InstructionCodec.programBytes(program.size()));
        sizes.put(RegionKind.FC_WEIGHT_DATA, layout.size());

        long align = config.alignment();
        List<Region> regions = new ArrayList<>();
        long offset = 0;
        for (RegionKind kind : RegionKind.values()) {
            offset = LivenessPlanner.align(offset, align);
            long size = LivenessPlanner.align(sizes.getOrDefault(kind, 0L), align);
            regions.add(new Region(kind, offset, size));
            offset += size;
        }
        long end = offset;
        Map<RegionKind, Long> regionOffset = new EnumMap<>(RegionKind.class);
        regions.forEach(r -> regionOffset.put(r.kind(), r.offset()));

        Map<String, Long> unitOffsets = new HashMap<>();
        List<MemorySymbol> symbols = new ArrayList<>();
        for (Region r : regions) {
            symbols.add(new MemorySymbol(r.kind().toolboxName(), SymbolKind.REGION, r.kind(), r.offset(), r.size()));
        }
        Map<String, Long> planned = plan.offsets();
        for (DataBuffer b : lowered.buffers()) {
            if (b.region() == RegionKind.SYSTEM_BUFFER) {
                long off = regionOffset.get(RegionKind.SYSTEM_BUFFER) + planned.get(b.name());
                unitOffsets.put(b.name(), off);
                symbols.add(new MemorySymbol(b.name(), b.kind(), b.region(), off, b.elements() * eb));
            } else {
                unitOffsets.put(b.name(), regionOffset.get(b.region()));
            }
        }
        long weightBase = regionOffset.get(RegionKind.FC_WEIGHT_DATA);
        for (WeightLayout.Entry e : layout.entries()) {
            unitOffsets.put(e.block().name(), weightBase + e.offset());
            symbols.add(new MemorySymbol(e.block().name(), e.block().kind(), RegionKind.FC_WEIGHT_DATA,
                    weightBase + e.offset(), e.bytes()));
        }
        Map<String, RegionKind> unitRegion = new HashMap<>();
        lowered.buffers().forEach(b -> unitRegion.put(b.name(), b.region()));
        lowered.weights().forEach(w -> unitRegion.put(w.name(), RegionKind.FC_WEIGHT_DATA));
        for (SymbolAlias a : lowered.aliases()) {
            symbols.add(new MemorySymbol(a.name(), a.kind(), unitRegion.get(a.unit()),
                    unitOffsets.get(a.unit()) + a.elementOffset() * eb, a.elements() * eb));
        }
        symbols.sort(Comparator.comparingLong(MemorySymbol::offset)
                .thenComparing(s -> s.kind() != SymbolKind.REGION)
                .thenComparing(s -> s.kind() == SymbolKind.REGION ? s.region().ordinal() : 0)
                .thenComparingLong(MemorySymbol::size)
                .thenComparing(MemorySymbol::name));
        MemoryMap map = new MemoryMap(config.baseAddress(), config.memorySize(), align, regions, symbols, end);
        return new Allocation(map, unitOffsets, plan, layout);
    }
}
