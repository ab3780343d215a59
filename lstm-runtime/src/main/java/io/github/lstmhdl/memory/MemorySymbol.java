package io.github.lstmhdl.memory;

import java.util.Objects;

/**
 * A named place in external memory: a component's weights ({@code lstm_1.wi.weights}), a state
 * ({@code lstm_1.h}), a buffer, or a region.
 *
 * @param name   unique name, such as {@code lstm_1.wi.bias}
 * @param kind   what it holds
 * @param region the region it lies in
 * @param offset byte offset from the base address
 * @param size   bytes
 */
public record MemorySymbol(String name, SymbolKind kind, RegionKind region, long offset, long size) {
    public MemorySymbol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(region, "region");
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException(name + ": offset and size must not be negative");
        }
    }
}
