package io.github.lstmhdl.memory;

import java.util.Objects;

/**
 * One region of external memory.
 *
 * @param kind   which region
 * @param offset byte offset from the base address (a multiple of the alignment)
 * @param size   bytes allocated to it (up to the next region's offset)
 */
public record Region(RegionKind kind, long offset, long size) {
    public Region {
        Objects.requireNonNull(kind, "kind");
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("region offset and size must not be negative");
        }
    }

    /** The first offset after the region. */
    public long end() {
        return offset + size;
    }
}
