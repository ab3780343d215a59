package io.github.lstmhdl.alloc;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The planner's result.
 *
 * @param placements   every buffer's offset within the planned area, in request order
 * @param plannedSize  bytes the plan needs (the end of the highest placement)
 * @param noReuseSize  bytes without any sharing (the sum of the aligned sizes)
 * @param lowerBound   the peak of the aligned sizes live at one program position: no plan can be smaller
 * @param alignment    the alignment of every offset
 */
public record MemoryPlan(List<Placement> placements, long plannedSize, long noReuseSize, long lowerBound,
        long alignment) {

    /** One placed buffer. */
    public record Placement(BufferRequest request, long offset) {
        /** The first offset after it. */
        public long end() {
            return offset + request.bytes();
        }
    }

    public MemoryPlan {
        placements = List.copyOf(placements);
    }

    /** Offsets by buffer name. */
    public Map<String, Long> offsets() {
        return placements.stream().collect(Collectors.toMap(p -> p.request().name(), Placement::offset, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    /** Placements by buffer name. */
    public Map<String, Placement> byName() {
        return placements.stream().collect(Collectors.toMap(p -> p.request().name(), Function.identity()));
    }

    /** The planner figures for the compile log. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "### System buffer planned by liveness: %d bytes (without reuse %d bytes, lower bound %d bytes).",
                plannedSize, noReuseSize, lowerBound);
    }
}
