package io.github.lstmhdl.alloc;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Names offsets for the disassembler from a memory map: the most specific symbol that starts at an
 * offset (a gate's weights rather than its fused block, a state rather than its region).
 */
public final class Symbolizer {
    private Symbolizer() {
    }

    /** A function from offset to symbol name, or null when no symbol starts there. */
    public static LongFunction<String> of(MemoryMap map) {
        Map<Long, String> names = new HashMap<>();
        for (boolean regions : new boolean[] {false, true}) {
            for (MemorySymbol s : map.symbols()) {
                if ((s.kind() == SymbolKind.REGION) == regions) {
                    names.putIfAbsent(s.offset(), s.name());
                }
            }
        }
        return names::get;
    }
}
