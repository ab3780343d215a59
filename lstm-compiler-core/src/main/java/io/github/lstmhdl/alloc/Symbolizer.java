package io.github.lstmhdl.alloc;

import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Names offsets for the disassembler from a memory map. In the system buffer, where the liveness
 * planner gives one place to several buffers at different times, an offset where a buffer starts is
 * named after every buffer there: those that start at it and those that cover it
 * ({@code lstm_1.gates+256|lstm_2.tmp}), since the address alone does not tell which one an instruction
 * means. Elsewhere the most specific symbol that starts at the offset wins (a gate's weights rather
 * than its fused block, a state rather than its region).
 */
public final class Symbolizer {
    private Symbolizer() {
    }

    /** A function from offset to symbol name, or null when no symbol starts there. */
    public static LongFunction<String> of(MemoryMap map) {
        List<MemorySymbol> buffers = map.symbols().stream()
                .filter(s -> s.kind() != SymbolKind.REGION && s.region() == RegionKind.SYSTEM_BUFFER).toList();
        long[] low = new long[buffers.size()];
        long[] high = new long[buffers.size()];
        for (int i = 0; i < low.length; i++) {
            MemorySymbol b = buffers.get(i);
            low[i] = b.offset();
            high[i] = Math.max(b.offset(), b.offset() + b.size() - 1); // a buffer of size 0 still names its offset
        }
        IntervalIndex covering = new IntervalIndex(low, high);
        for (int i = 0; i < low.length; i++) {
            covering.activate(i);
        }
        Map<Long, String> names = map.symbols().stream().collect(Collectors.groupingBy(MemorySymbol::offset,
                LinkedHashMap::new, Collectors.collectingAndThen(Collectors.toList(), s -> name(s, buffers, covering))));
        return names::get;
    }

    private static String name(List<MemorySymbol> startingHere, List<MemorySymbol> buffers, IntervalIndex covering) {
        long offset = startingHere.get(0).offset();
        List<MemorySymbol> inner = startingHere.stream().filter(s -> s.kind() != SymbolKind.REGION).toList();
        if (inner.isEmpty()) {
            return startingHere.get(0).name();
        }
        if (inner.stream().anyMatch(s -> s.region() == RegionKind.SYSTEM_BUFFER)) {
            // the buffers that cover the offset, found in log time: system buffers share space, so one
            // address may lie in several
            List<String> names = new ArrayList<>();
            covering.forEachMeeting(offset, offset, i -> {
                MemorySymbol b = buffers.get(i);
                names.add(b.offset() == offset ? b.name() : b.name() + "+" + (offset - b.offset()));
            });
            return names.stream().sorted().collect(Collectors.joining("|"));
        }
        return inner.stream().min(Comparator.comparingLong(MemorySymbol::size)).orElseThrow().name();
    }
}
