package io.github.lstmhdl.memory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where everything lives in external memory: the regions in address order and every named symbol.
 * Offsets are from {@code baseAddress}; {@code endOffset} is the first byte after the last region,
 * which must not exceed the memory size.
 */
public record MemoryMap(long baseAddress, long memorySize, long alignment, List<Region> regions,
        List<MemorySymbol> symbols, long endOffset) {

    public MemoryMap {
        regions = List.copyOf(regions);
        symbols = List.copyOf(symbols);
        for (int i = 1; i < regions.size(); i++) {
            if (regions.get(i).offset() < regions.get(i - 1).end()) {
                throw new IllegalArgumentException("regions overlap or are out of order: " + regions);
            }
        }
    }

    /** The region of a kind. */
    public Region region(RegionKind kind) {
        for (Region r : regions) {
            if (r.kind() == kind) {
                return r;
            }
        }
        throw new IllegalArgumentException("no region " + kind);
    }

    /** The symbol with a name, if any. */
    public Optional<MemorySymbol> symbol(String name) {
        Objects.requireNonNull(name, "name");
        return symbols.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
