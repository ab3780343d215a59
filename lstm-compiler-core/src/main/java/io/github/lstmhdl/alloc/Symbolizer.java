package io.github.lstmhdl.alloc;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Names offsets for the disassembler from a memory map. At an offset where several symbols start:
 * buffers of the system buffer that the planner placed there one after the other are all named
 * ({@code lstm_1.gates|lstm_2.gates}: the reader cannot tell from the address which one an instruction
 * means); otherwise the most specific symbol wins (a gate's weights rather than its fused block, a state
 * rather than its region).
 */
public final class Symbolizer {
    private Symbolizer() {
    }

    /** A function from offset to symbol name, or null when no symbol starts there. */
    public static LongFunction<String> of(MemoryMap map) {
        Map<Long, List<MemorySymbol>> byOffset = map.symbols().stream()
                .collect(Collectors.groupingBy(MemorySymbol::offset, LinkedHashMap::new, Collectors.toList()));
        Map<Long, String> names = new LinkedHashMap<>();
        byOffset.forEach((offset, symbols) -> names.put(offset, name(symbols)));
        return names::get;
    }

    private static String name(List<MemorySymbol> symbols) {
        List<MemorySymbol> inner = symbols.stream().filter(s -> s.kind() != SymbolKind.REGION).toList();
        if (inner.isEmpty()) {
            return symbols.get(0).name();
        }
        List<MemorySymbol> shared = inner.stream().filter(s -> s.region() == RegionKind.SYSTEM_BUFFER).toList();
        if (!shared.isEmpty()) {
            return shared.stream().map(MemorySymbol::name).sorted().collect(Collectors.joining("|"));
        }
        return inner.stream().min(Comparator.comparingLong(MemorySymbol::size)).orElseThrow().name();
    }
}
