package io.github.lstmhdl.timing;

/** Which of the two FC bounds of the timing model (docs/isa.md §9) gives an FC's cycles. */
public enum FcBound {
    /** The lanes: ceil(rows / fcThreads) × columns cycles are at least the memory's. */
    COMPUTE,
    /** The weight stream: the weight bytes at the memory bandwidth take more cycles than the lanes. */
    MEMORY;

    /** The word of the reports: {@code compute} or {@code memory}. */
    public String word() {
        return this == COMPUTE ? "compute" : "memory";
    }
}
