package io.github.lstmhdl.alloc;

import io.github.lstmhdl.lower.WeightBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of the FC weight region: every weight unit in lowering order, each starting at a
 * multiple of {@link #UNIT_ALIGNMENT} bytes from the region's start, in elements of the processor's
 * data type (their bytes: {@link WeightRegionContent}), rows padded to the FC thread count (zero rows),
 * row-major. The gap before a unit is zero-filled.
 *
 * @param entries every unit with its offset in the region
 * @param size    the bytes the layout occupies (the end of the last unit)
 */
public record WeightLayout(List<Entry> entries, long size) {

    /** Alignment of every weight unit (a cache line and a burst of the memory interface). */
    public static final long UNIT_ALIGNMENT = 64;

    /** One unit and its byte offset from the start of the FC weight region. */
    public record Entry(WeightBlock block, long offset, long bytes) {
    }

    public WeightLayout {
        entries = List.copyOf(entries);
    }

    /** Lays out the units, each element taking {@code elementBytes} bytes (the data type's). */
    public static WeightLayout of(List<WeightBlock> blocks, int elementBytes) {
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        for (WeightBlock b : blocks) {
            offset = LivenessPlanner.align(offset, UNIT_ALIGNMENT);
            long bytes = Math.multiplyExact(b.elements(), (long) elementBytes);
            entries.add(new Entry(b, offset, bytes));
            offset += bytes;
        }
        return new WeightLayout(entries, offset);
    }
}
